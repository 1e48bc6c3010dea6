import Dexie from 'dexie';
import type { Statement } from '../../core/statements/xapi';
import { actorKeyOf, pending, rejected, synced, type AppDb, type Rejection, type StoredStatement } from '../app-db';

/** The oldest unsynced statements of one learner, in recording order, at most `limit`. */
export async function outboxBatch(db: AppDb, actorKey: string, limit: number): Promise<StoredStatement[]> {
  const batch: StoredStatement[] = [];
  await db.statements
    .where('[synced+recordedAt]')
    .between([pending, Dexie.minKey], [pending, Dexie.maxKey])
    .until(() => batch.length >= limit)
    .each((row) => {
      if (row.actorKey === actorKey && batch.length < limit) batch.push(row);
    });
  return batch;
}

/** How many of one learner's statements still wait for the server, and how many it refused. */
export async function outboxCounts(db: AppDb, actorKey: string): Promise<{ pending: number; rejected: StoredStatement[] }> {
  const rows = await db.statements.where('actorKey').equals(actorKey).toArray();
  return { pending: rows.filter((row) => row.synced === pending).length, rejected: rows.filter((row) => row.synced === rejected) };
}

/** Marks statements the server acknowledged with a 200. */
export async function markSynced(db: AppDb, ids: string[]): Promise<void> {
  await db.statements.where('id').anyOf(ids).modify((row) => {
    row.synced = synced;
    delete row.rejection;
  });
}

/** Marks one statement the server refused, with its reason, so it no longer blocks the others. */
export async function markRejected(db: AppDb, id: string, status: number, message: string, code?: string, now = Date.now()): Promise<void> {
  await db.statements.update(id, { synced: rejected, rejection: { status, message, at: now, ...(code ? { code } : {}) } });
}

/** Why the server refuses a statement, in the terms the learner is told. */
export type Refusal = 'invalid' | 'not-yours' | 'server-only' | 'conflict';

/** Reads a refusal's kind from the server's status and error code. */
export function refusalOf(rejection: Pick<Rejection, 'status' | 'code'> | undefined): Refusal {
  if (rejection?.status === 409) return 'conflict';
  if (rejection?.status === 403) return rejection.code === 'server_authored' ? 'server-only' : 'not-yours';
  return 'invalid';
}

/** The `meta` key of when this device last finished a sync for an account (ms since the epoch). */
export const lastSyncKey = (account: string) => `sync-last:${account}`;

/**
 * Stores statements pulled from the server as already synced; those the device already has are left as
 * they are, except that the server's copy confirms a pending one as synced.
 */
export async function storePulled(db: AppDb, received: Statement[], now = Date.now()): Promise<number> {
  const statements = [...new Map(received.map((statement) => [statement.id, statement])).values()];
  if (statements.length === 0) return 0;
  return db.transaction('rw', db.statements, async () => {
    const existing = await db.statements.bulkGet(statements.map((s) => s.id));
    const fresh: StoredStatement[] = [];
    const confirmed: string[] = [];
    statements.forEach((statement, i) => {
      const row = existing[i];
      if (!row) fresh.push({ id: statement.id, statement, synced, recordedAt: Date.parse(statement.timestamp) || now, actorKey: actorKeyOf(statement.actor) });
      else if (row.synced === pending) confirmed.push(row.id);
    });
    await db.statements.bulkAdd(fresh);
    if (confirmed.length) await markSynced(db, confirmed);
    return fresh.length;
  });
}
