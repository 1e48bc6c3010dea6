import type { Statement } from '../../core/statements/xapi';
import { actorKeyOf, type AppDb, type StoredStatement } from '../app-db';
import { guardingQuota, readMeta, writeMeta } from '../learning-record';
import { attributeToAccount, type SignedInLearner } from './attribution';
import { lastSyncKey, markRejected, markSynced, outboxBatch, storePulled } from './outbox';

/** Statements per `POST /xapi/statements`. */
export const batchSize = 50;

export interface SyncIo {
  db: AppDb;
  fetch: typeof fetch;
  signal?: AbortSignal;
}

export type SyncOutcome =
  | { kind: 'synced'; account: string; pushed: number; rejected: number; pulled: number }
  | { kind: 'signedOut' };

/** The server answered with a status sync cannot act on (5xx, or an unexpected one); worth retrying later. */
export class SyncHttpError extends Error {
  constructor(readonly status: number) {
    super(`The server answered ${status}`);
    this.name = 'SyncHttpError';
  }
}

class SignedOut extends Error {}

/** Statuses by which the server refuses a statement for good: re-sending it would be refused again. */
const refusals = new Set([400, 403, 409]);
const xapiHeaders = { 'X-Experience-API-Version': '1.0.3' };

/**
 * One sync: learns who is signed in (re-attributing the device's anonymous statements to them), pushes
 * their outbox in batches, then pulls what the server holds for their registrations that the device lacks.
 * Any failure throws and leaves the outbox as it was except for batches the server acknowledged.
 */
export async function runSync(io: SyncIo): Promise<SyncOutcome> {
  try {
    // A device out of storage cannot note what the server acknowledged: the sync fails as StorageFullError (not as a
    // network fault), and a batch the server already stored is sent again later and stored once.
    return await guardingQuota(async () => {
      const me = await fetchMe(io);
      if (!me) return { kind: 'signedOut' } as const;
      await attributeToAccount(io.db, me);
      const { pushed, rejected } = await push(io, actorKeyOf(me.actor));
      const pulled = await pull(io, me);
      // Kept on the device, so a page that did not run this sync (another tab, the report) can say when it was.
      await writeMeta(io.db, lastSyncKey(me.id), Date.now());
      return { kind: 'synced', account: me.id, pushed, rejected, pulled } as const;
    });
  } catch (error) {
    if (error instanceof SignedOut) return { kind: 'signedOut' };
    throw error;
  }
}

async function fetchMe(io: SyncIo): Promise<SignedInLearner | undefined> {
  const response = await io.fetch('/api/me', { credentials: 'same-origin', signal: io.signal, headers: { Accept: 'application/json' } });
  if (!response.ok) await finish(response);
  if (response.status === 401) return undefined;
  if (!response.ok) throw new SyncHttpError(response.status);
  return (await response.json()) as SignedInLearner;
}

async function push(io: SyncIo, actorKey: string): Promise<{ pushed: number; rejected: number }> {
  const tally = { pushed: 0, rejected: 0 };
  for (;;) {
    const batch = await outboxBatch(io.db, actorKey, batchSize);
    if (batch.length === 0) return tally;
    await send(io, batch, tally);
  }
}

/** Sends a batch; a refused batch is split until the refused statements stand alone, so they block nothing else. */
async function send(io: SyncIo, rows: StoredStatement[], tally: { pushed: number; rejected: number }): Promise<void> {
  const response = await io.fetch('/xapi/statements', {
    method: 'POST',
    credentials: 'same-origin',
    signal: io.signal,
    headers: { ...xapiHeaders, 'Content-Type': 'application/json' },
    body: JSON.stringify(rows.map((row) => row.statement)),
  });
  if (!refusals.has(response.status)) await finish(response);
  if (response.ok) {
    await markSynced(io.db, rows.map((row) => row.id));
    tally.pushed += rows.length;
    return;
  }
  if (response.status === 401) throw new SignedOut();
  if (!refusals.has(response.status)) throw new SyncHttpError(response.status);
  if (rows.length === 1) {
    const { code, message } = await refusalBody(response);
    await markRejected(io.db, rows[0]!.id, response.status, message, code);
    tally.rejected++;
    return;
  }
  const half = Math.ceil(rows.length / 2);
  await send(io, rows.slice(0, half), tally);
  await send(io, rows.slice(half), tally);
}

/** Reads a body sync does not need to its end, so the connection is released rather than left open. */
async function finish(response: Response): Promise<void> {
  await response.text().catch(() => '');
}

async function refusalBody(response: Response): Promise<{ code?: string; message: string }> {
  try {
    const body = (await response.json()) as { error?: unknown; message?: unknown };
    return { ...(typeof body.error === 'string' ? { code: body.error } : {}), message: typeof body.message === 'string' ? body.message : '' };
  } catch {
    return { message: '' };
  }
}

const pulledKey = (account: string, registration: string) => `sync-pulled:${account}:${registration}`;

/** Pulls the learner's statements of each registration stored since the last pull; returns how many were new here. */
async function pull(io: SyncIo, me: SignedInLearner): Promise<number> {
  let added = 0;
  for (const registration of Object.values(me.registrations)) {
    const since = await readMeta<string>(io.db, pulledKey(me.id, registration));
    let latest: string | undefined;
    let url = `/xapi/statements?registration=${encodeURIComponent(registration)}&limit=500${since ? `&since=${encodeURIComponent(since)}` : ''}`;
    while (url) {
      const response = await io.fetch(url, { credentials: 'same-origin', signal: io.signal, headers: xapiHeaders });
      if (!response.ok) await finish(response);
      if (response.status === 401) throw new SignedOut();
      if (!response.ok) throw new SyncHttpError(response.status);
      const page = (await response.json()) as { statements: Statement[]; more?: string };
      added += await storePulled(io.db, page.statements);
      for (const statement of page.statements) {
        if (statement.stored && (!latest || Date.parse(statement.stored) > Date.parse(latest))) latest = statement.stored;
      }
      url = page.more ?? '';
    }
    // A second's overlap: a statement stored in the same instant as the last one seen is not missed, and
    // what is pulled twice is stored once.
    if (latest) await writeMeta(io.db, pulledKey(me.id, registration), new Date(Date.parse(latest) - 1000).toISOString());
  }
  return added;
}
