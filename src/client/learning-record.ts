import Dexie from 'dexie';
import { randomUuid } from '../core/statements/uuid';
import { anonymousHomePage } from '../core/statements/vocabulary';
import type { Agent, Statement } from '../core/statements/xapi';
import { actorKeyOf, pending, profileActorKey, rejected, type AppDb, type LearnerProfile, type StoredStatement } from './app-db';

/** The device ran out of storage: the newest record was not saved, and nothing saved before is affected. */
export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super('The device is out of storage; the statement was not saved', { cause });
    this.name = 'StorageFullError';
  }
}

/** Whether a failed write means the device is out of storage (IndexedDB's or Dexie's name for it). */
function isQuotaError(error: unknown): boolean {
  const names = [(error as Error)?.name, ((error as { inner?: Error })?.inner)?.name];
  return names.includes('QuotaExceededError') || names.includes(Dexie.errnames.QuotaExceeded);
}

/** Runs a write, turning the browser's "out of storage" into StorageFullError. */
export async function guardingQuota<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(error);
    throw error;
  }
}

async function appendStatements(db: AppDb, statements: Statement[], now: number): Promise<void> {
  const existing = new Set((await db.statements.bulkGet(statements.map((s) => s.id))).filter((s) => s !== undefined).map((s) => s.id));
  const fresh: StoredStatement[] = statements
    .filter((statement) => !existing.has(statement.id))
    .map((statement) => ({ id: statement.id, statement, synced: pending, recordedAt: now, actorKey: actorKeyOf(statement.actor) }));
  await db.statements.bulkAdd(fresh);
}

/**
 * Appends statements to the device log in one transaction, at once. A statement already in the log
 * (same id) is left as it is, so recording twice is harmless and never resets its synced flag.
 */
export async function recordStatements(db: AppDb, statements: Statement[], now = Date.now()): Promise<void> {
  if (statements.length === 0) return;
  await guardingQuota(() => db.transaction('rw', db.statements, () => appendStatements(db, statements, now)));
}

/**
 * Appends statements together with the change of state they cause (a role-play's "completion recorded" flag, a
 * quiz's resume point) in one transaction: after a closed tab or a failed write, both are on the device or neither is.
 */
export async function recordStatementsWith(db: AppDb, statements: Statement[], change: () => Promise<void>, now = Date.now()): Promise<void> {
  await guardingQuota(() =>
    db.transaction('rw', [db.statements, db.scenarioSnapshots, db.meta], async () => {
      await appendStatements(db, statements, now);
      await change();
    }),
  );
}

/**
 * Reads the current learner's statements, oldest recorded first: only those of the actor the device's
 * profile stands for (two people on one shared computer never see each other's progress), and none the
 * server refused (they never count there either). Pass `actorKey` to read another learner's log.
 */
export async function readStatements(db: AppDb, actorKey?: string): Promise<Statement[]> {
  const key = actorKey ?? (await currentActorKey(db));
  const rows = key === undefined ? await db.statements.toArray() : await db.statements.where('actorKey').equals(key).toArray();
  return rows
    .filter((row) => row.synced !== rejected)
    .sort((a, b) => a.recordedAt - b.recordedAt)
    .map((stored) => stored.statement);
}

/** The actor key of the device's learner; undefined before the device has a profile. */
export async function currentActorKey(db: AppDb): Promise<string | undefined> {
  const profile = await db.profile.get('learner');
  return profile ? profileActorKey(profile) : undefined;
}

/** Returns this device's learner profile, creating an anonymous one (and a registration for the course) on first use. */
export async function ensureLearnerProfile(db: AppDb, courseId: string): Promise<LearnerProfile> {
  return db.transaction('rw', db.profile, async () => {
    const profile = (await db.profile.get('learner')) ?? {
      key: 'learner' as const,
      anonymousId: randomUuid(),
      registrations: {},
    };
    if (!profile.registrations[courseId]) {
      profile.registrations = { ...profile.registrations, [courseId]: randomUuid() };
      await db.profile.put(profile);
    }
    return profile;
  });
}

/** The xAPI actor statements are attributed to: the account once signed in, else the device's anonymous id. */
export function actorOf(profile: LearnerProfile, origin: string): Agent {
  if (profile.account) {
    return {
      objectType: 'Agent',
      ...(profile.account.displayName ? { name: profile.account.displayName } : {}),
      account: { homePage: profile.account.homePage, name: profile.account.name },
    };
  }
  return { objectType: 'Agent', account: { homePage: anonymousHomePage(origin), name: profile.anonymousId } };
}

/** Saves a role-play's machine snapshot after a choice. */
export async function saveScenarioSnapshot(db: AppDb, scenarioId: string, snapshot: unknown): Promise<void> {
  await guardingQuota(() => db.scenarioSnapshots.put({ scenarioId, snapshot, updatedAt: Date.now() }));
}

/** Loads a role-play's saved snapshot, if any. */
export async function loadScenarioSnapshot(db: AppDb, scenarioId: string): Promise<unknown> {
  return (await db.scenarioSnapshots.get(scenarioId))?.snapshot;
}

/** Forgets a role-play's snapshot, when it ends or is restarted. */
export async function clearScenarioSnapshot(db: AppDb, scenarioId: string): Promise<void> {
  await db.scenarioSnapshots.delete(scenarioId);
}

/** Reads one small value kept for the app (e.g. where a quiz was left). */
export async function readMeta<T>(db: AppDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

/** Keeps one small value for the app; `undefined` deletes it. */
export async function writeMeta(db: AppDb, key: string, value: unknown): Promise<void> {
  await guardingQuota(async () => {
    if (value === undefined) await db.meta.delete(key);
    else await db.meta.put({ key, value });
  });
}
