import type { ScenarioSnapshot } from '../core/scenario/scenario-machine';
import { fitsScenario, type ScenarioIndex } from '../core/scenario/scenario-view';
import type { AppDb } from './app-db';
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
