import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { Statement } from '../core/statements/xapi';

/** A statement in the device log; `synced` is 0 until the server has acknowledged it (the outbox index). */
export interface StoredStatement {
  id: string;
  statement: Statement;
  synced: 0 | 1;
  recordedAt: number;
}

/** A role-play's persisted machine snapshot, so it resumes where it was left. */
export interface ScenarioSnapshot {
  scenarioId: string;
  snapshot: unknown;
  updatedAt: number;
}

/** Who studies on this device: an anonymous id until sign-in, and one registration per course. */
export interface LearnerProfile {
  key: 'learner';
  anonymousId: string;
  account?: { homePage: string; name: string; displayName?: string };
  registrations: Record<string, string>;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

export const appDbName = 'icrm-learning';

/** The one IndexedDB database of the app (DESIGN §6); a schema change is a new version. */
export class AppDb extends Dexie {
  statements!: EntityTable<StoredStatement, 'id'>;
  scenarioSnapshots!: EntityTable<ScenarioSnapshot, 'scenarioId'>;
  profile!: EntityTable<LearnerProfile, 'key'>;
  meta!: EntityTable<MetaRecord, 'key'>;

  constructor(name: string, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      statements: 'id, synced, recordedAt',
      scenarioSnapshots: 'scenarioId',
      profile: 'key',
      meta: 'key',
    });
  }
}

/** Creates the database object; tests pass fake-indexeddb's `indexedDB` and `IDBKeyRange`. */
export function createAppDb(name = appDbName, options?: Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'>): AppDb {
  return new AppDb(name, options);
}
