import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { Agent, Statement } from '../core/statements/xapi';

/** Where a statement stands with the server: waiting in the outbox, acknowledged (or pulled from it), or refused. */
export const pending = 0;
export const synced = 1;
export const rejected = 2;
export type SyncState = typeof pending | typeof synced | typeof rejected;

/** Why the server refused a statement: its HTTP status, error code and own message, kept to show the learner. */
export interface Rejection {
  status: number;
  /** The `error` of the server's answer (e.g. `server_authored`), when it gave one. */
  code?: string;
  message: string;
  at: number;
}

/** A statement in the device log; the `[synced+recordedAt]` index is the ordered outbox. */
export interface StoredStatement {
  id: string;
  statement: Statement;
  synced: SyncState;
  recordedAt: number;
  /** Whose statement it is (see `actorKeyOf`), so readers only ever see the current learner's log. */
  actorKey: string;
  rejection?: Rejection;
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
  /** The anonymous registrations in use before sign-in, so statements made with them are re-attributed too. */
  anonymousRegistrations?: Record<string, string>;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

export const appDbName = 'icrm-learning';

/**
 * Names an agent for the device's per-learner reads. Account names are user ids or random per-device
 * UUIDs, so the name alone tells learners apart; other identifier kinds keep their own prefix.
 */
export function actorKeyOf(actor: Agent | undefined): string {
  if (actor?.account) return `account:${actor.account.name}`;
  if (actor?.mbox) return `mbox:${actor.mbox}`;
  return 'unknown';
}

/** The key of the learner this device's profile currently stands for. */
export function profileActorKey(profile: Pick<LearnerProfile, 'anonymousId' | 'account'>): string {
  return `account:${profile.account?.name ?? profile.anonymousId}`;
}

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
    // Version 2: the ordered outbox, a rejected state, and per-learner reads; every version-1 row is kept.
    this.version(2)
      .stores({ statements: 'id, synced, recordedAt, [synced+recordedAt], actorKey' })
      .upgrade((tx) =>
        tx
          .table<StoredStatement, string>('statements')
          .toCollection()
          .modify((row) => {
            row.actorKey = actorKeyOf(row.statement?.actor as Agent | undefined);
            if (row.synced !== synced) row.synced = pending;
          }),
      );
  }
}

/** Creates the database object; tests pass fake-indexeddb's `indexedDB` and `IDBKeyRange`. */
export function createAppDb(name = appDbName, options?: Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'>): AppDb {
  return new AppDb(name, options);
}
