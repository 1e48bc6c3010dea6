import type { ScenarioSnapshot } from '../core/scenario/scenario-machine';
import { fitsScenario, type ScenarioIndex } from '../core/scenario/scenario-view';
import type { Statement } from '../core/statements/xapi';
import type { AppDb } from './app-db';
import type { LearnerSession } from './learner-session';
import { clearScenarioSnapshot, loadScenarioSnapshot, saveScenarioSnapshot } from './learning-record';

/** What is kept on the device for a role-play in progress (or just ended), so a reload resumes it. */
export interface SavedRolePlay {
  /** The scenario revision the snapshot was made on: a changed scenario starts over. */
  revision: string;
  /** The machine's persisted snapshot. */
  snapshot: unknown;
  /** Active time spent on this attempt so far. */
  activeMs: number;
  /** Whether the `completed` statement of a finished attempt is in the log. */
  completionRecorded: boolean;
  /**
   * The `completed` statement, made when the ending was reached and kept with the attempt, so that recording it again
   * (after a reload, or in a second tab that resumed the same attempt) uses the same id and is stored once.
   */
  completion?: Statement;
}

export type ResumeResult =
  | { kind: 'none' }
  | { kind: 'outdated' }
  | { kind: 'resume'; saved: SavedRolePlay & { snapshot: ScenarioSnapshot } };

/** Loads the saved attempt of a scenario; one saved on another revision, or unreadable, is dropped. */
export async function resumeRolePlay(db: AppDb, index: ScenarioIndex, revision: string): Promise<ResumeResult> {
  const saved = (await loadScenarioSnapshot(db, index.scenario.id)) as Partial<SavedRolePlay> | undefined;
  if (saved === undefined) return { kind: 'none' };
  const snapshot = saved.snapshot as ScenarioSnapshot | undefined;
  if (saved.revision === revision && snapshot && fitsScenario(index, snapshot)) {
    return {
      kind: 'resume',
      saved: {
        revision,
        snapshot,
        activeMs: typeof saved.activeMs === 'number' ? saved.activeMs : 0,
        completionRecorded: saved.completionRecorded === true,
        ...(typeof saved.completion?.id === 'string' ? { completion: saved.completion } : {}),
      },
    };
  }
  await clearScenarioSnapshot(db, index.scenario.id);
  return { kind: 'outdated' };
}

/** Keeps the attempt on the device. */
export function keepRolePlay(db: AppDb, scenarioId: string, saved: SavedRolePlay): Promise<void> {
  return saveScenarioSnapshot(db, scenarioId, saved);
}

/**
 * Records a finished attempt's `completed` statement and marks the attempt as recorded, in one transaction; a
 * statement already in the log (recorded before a reload, or by another tab) is kept once. False when the device is
 * full, as `LearnerSession.record`.
 */
export function recordRolePlayCompletion(
  session: Pick<LearnerSession, 'db' | 'recordWith'>,
  scenarioId: string,
  saved: SavedRolePlay & { completion: Statement },
): Promise<boolean> {
  return session.recordWith([saved.completion], () => keepRolePlay(session.db, scenarioId, { ...saved, completionRecorded: true }));
}
