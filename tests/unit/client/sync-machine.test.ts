import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createActor, fromPromise, waitFor } from 'xstate';
import { createAppDb, pending, rejected, synced, type AppDb } from '../../../src/client/app-db.ts';
import { ensureLearnerProfile, readMeta, readStatements, recordStatements } from '../../../src/client/learning-record.ts';
import { lastSyncKey, refusalOf } from '../../../src/client/sync/outbox.ts';
import { backoffDelay, syncMachine } from '../../../src/client/sync/sync-machine.ts';
import { runSync } from '../../../src/client/sync/sync-run.ts';
import type { Statement } from '../../../src/core/statements/xapi.ts';
import { testStatementFactory } from '../../support/statements.ts';

const origin = 'https://learn.example.com';
const me = {
  id: 'u-wang',
  username: 'wang',
  displayName: '王芳',
  actor: { objectType: 'Agent' as const, name: '王芳', account: { homePage: origin, name: 'u-wang' } },
  registrations: { icrm: '11111111-2222-4333-8444-555555555555' },
};
const lesson = { id: 'shared-goals', title: '共同目标' };

/**
 * A stand-in for the server's sync routes, keeping statements by id as the real one does (an identical
 * re-send is stored once, a changed one is 409). Tests set `fail` to break a request the way a network can.
 */
class FakeServer {
  stored = new Map<string, Statement>();
  posts: number[] = [];
  attempts = 0;
  signedIn = true;
  refuse = new Map<string, number>();
  /** Called before each POST is handled: throw to drop the connection before the server sees the batch. */
  beforePost?: (n: number) => void;
  /** Called after a POST is stored: throw to lose the answer on the way back. */
  afterPost?: (n: number) => void;
  fail?: number;

  fetch = async (url: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const path = String(url);
    if (!this.signedIn) return json(401, { error: 'unauthorized', message: 'Sign in first' });
    if (path === '/api/me') return json(200, me);
    if (path === '/xapi/statements' && init.method === 'POST') {
      const n = ++this.attempts;
      this.beforePost?.(n);
      const batch = JSON.parse(String(init.body)) as Statement[];
      this.posts.push(batch.length);
      for (const statement of batch) {
        const status = this.refuse.get(statement.id);
        if (status) return json(status, { error: 'refused', message: `statement ${statement.id} refused` });
        if (statement.actor.account?.name !== me.id) return json(403, { error: 'forbidden', message: 'actor is not you' });
        const old = this.stored.get(statement.id);
        if (old && JSON.stringify(old) !== JSON.stringify(statement)) return json(409, { error: 'conflict', message: 'different content' });
      }
      for (const statement of batch) this.stored.set(statement.id, statement);
      this.afterPost?.(n);
      return json(200, batch.map((s) => s.id));
    }
    if (path.startsWith('/xapi/statements?')) {
      const statements = [...this.stored.values()].map((s) => ({ ...s, stored: '2026-11-30T01:00:00.000Z' }));
      return json(200, { statements, more: '' });
    }
    return json(404, { error: 'not_found', message: path });
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

let db: AppDb;
let server: FakeServer;

beforeEach(async () => {
  db = createAppDb('sync', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  server = new FakeServer();
});
const running: { stop(): void }[] = [];
afterEach(() => {
  for (const actor of running.splice(0)) actor.stop();
  db.close();
});

/** Records `count` anonymous statements on the device, as a learner who has not signed in yet would. */
async function studyAnonymously(count: number): Promise<Statement[]> {
  const profile = await ensureLearnerProfile(db, 'icrm');
  const factory = testStatementFactory({
    actor: { objectType: 'Agent', account: { homePage: `${origin}/xapi/anonymous`, name: profile.anonymousId } },
    registration: profile.registrations.icrm!,
  });
  const statements = Array.from({ length: count }, (_, i) => factory.lessonProgressed(lesson, { share: (i + 1) / count, activeMs: 1000, sections: [] }));
  for (const [i, statement] of statements.entries()) await recordStatements(db, [statement], 1000 + i);
  return statements;
}

function startEngine(retryDelay = 60_000) {
  const [deviceDb, fetch] = [db, server.fetch];
  const actor = createActor(
    syncMachine.provide({
      actors: { runSync: fromPromise(({ signal }) => runSync({ db: deviceDb, fetch, signal })) },
      delays: { retryDelay },
    }),
  );
  actor.start();
  running.push(actor);
  return actor;
}

async function syncOnce(actor: ReturnType<typeof startEngine>) {
  actor.send({ type: 'sync.now' });
  return waitFor(actor, (s) => !s.matches('syncing'), { timeout: 5000 });
}

describe('the sync engine', () => {
  test('sends every unsynced statement in batches of 50, as the account, and marks them synced after the 200', async () => {
    const studied = await studyAnonymously(120);
    const snapshot = await syncOnce(startEngine());
    expect(snapshot.value).toBe('idle');
    expect(snapshot.context.signedIn).toBe(true);
    expect(server.posts).toEqual([50, 50, 20]);
    expect([...server.stored.keys()].sort()).toEqual(studied.map((s) => s.id).sort());
    for (const statement of server.stored.values()) {
      expect(statement.actor.account).toEqual(me.actor.account);
      expect(statement.context?.registration).toBe(me.registrations.icrm);
    }
    expect(await db.statements.where('synced').equals(pending).count()).toBe(0);
    // The device now reads them as the account's progress.
    expect((await readStatements(db)).map((s) => s.id)).toEqual(studied.map((s) => s.id));
  });

  test('loses nothing and stores nothing twice when the network fails mid-batch, then retries by itself', async () => {
    const studied = await studyAnonymously(130);
    server.beforePost = (n) => {
      if (n === 2) throw new TypeError('Failed to fetch');
    };
    // The third batch reaches the server, but its answer is lost.
    server.afterPost = (n) => {
      if (n === 4) throw new TypeError('Failed to fetch');
    };
    const actor = startEngine(5);
    actor.send({ type: 'sync.now' });
    const failed = await waitFor(actor, (s) => s.matches('backoff'), { timeout: 5000 });
    expect(failed.context.failure).toEqual({ kind: 'network' });
    expect(await db.statements.where('synced').equals(synced).count()).toBe(50);
    await waitFor(actor, (s) => s.matches('backoff') && s.context.attempt === 2, { timeout: 5000 });
    const done = await waitFor(actor, (s) => s.matches('idle'), { timeout: 5000 });
    expect(done.context).toMatchObject({ attempt: 0, failure: undefined });
    expect(server.stored.size).toBe(130);
    expect([...server.stored.keys()].sort()).toEqual(studied.map((s) => s.id).sort());
    expect(await db.statements.where('synced').equals(synced).count()).toBe(130);
  });

  test('sets aside statements the server refuses (400, 403, 409) with its reason, and sends all the others', async () => {
    const studied = await studyAnonymously(60);
    server.refuse.set(studied[3]!.id, 400);
    server.refuse.set(studied[41]!.id, 403);
    server.refuse.set(studied[55]!.id, 409);
    const snapshot = await syncOnce(startEngine());
    expect(snapshot.value).toBe('idle');
    expect(server.stored.size).toBe(57);
    const refused = await db.statements.where('synced').equals(rejected).toArray();
    expect(refused.map((row) => [row.id, row.rejection?.status, row.rejection?.message]).sort()).toEqual(
      [
        [studied[3]!.id, 400, `statement ${studied[3]!.id} refused`],
        [studied[41]!.id, 403, `statement ${studied[41]!.id} refused`],
        [studied[55]!.id, 409, `statement ${studied[55]!.id} refused`],
      ].sort(),
    );
    // A later sync does not send them again.
    server.posts = [];
    await syncOnce(startEngine());
    expect(server.posts).toEqual([]);
  });

  test('keeps the server’s error code with a refusal, and when the last sync ended, for the report page to tell the learner', async () => {
    const studied = await studyAnonymously(2);
    server.refuse.set(studied[0]!.id, 403);
    expect(await readMeta(db, lastSyncKey(me.id))).toBeUndefined();
    const before = Date.now();
    await syncOnce(startEngine());
    const refused = await db.statements.get(studied[0]!.id);
    expect(refused?.rejection).toMatchObject({ status: 403, code: 'refused' });
    expect(refusalOf(refused?.rejection)).toBe('not-yours');
    expect(refusalOf({ status: 403, code: 'server_authored' })).toBe('server-only');
    expect(refusalOf({ status: 409 })).toBe('conflict');
    expect(refusalOf({ status: 400, code: 'invalid_statement' })).toBe('invalid');
    expect(await readMeta<number>(db, lastSyncKey(me.id))).toBeGreaterThanOrEqual(before);
  });

  test('re-sends a batch the server already stored without storing anything twice', async () => {
    const studied = await studyAnonymously(3);
    await syncOnce(startEngine());
    await db.statements.toCollection().modify({ synced: pending });
    await syncOnce(startEngine());
    expect(server.posts).toEqual([3, 3]);
    expect(server.stored.size).toBe(3);
    expect(await db.statements.count()).toBe(studied.length);
  });

  test('stops without marking anything when the learner is signed out, and syncs once they sign in', async () => {
    await studyAnonymously(4);
    server.signedIn = false;
    const actor = startEngine();
    const snapshot = await syncOnce(actor);
    expect(snapshot.value).toBe('idle');
    expect(snapshot.context.signedIn).toBe(false);
    expect(server.posts).toEqual([]);
    expect(await db.statements.where('synced').equals(pending).count()).toBe(4);
    server.signedIn = true;
    expect((await syncOnce(actor)).context.signedIn).toBe(true);
    expect(server.stored.size).toBe(4);
  });

  test('waits offline until the browser is online again', async () => {
    await studyAnonymously(2);
    const actor = startEngine();
    actor.send({ type: 'sync.offline' });
    actor.send({ type: 'sync.now' });
    expect(actor.getSnapshot().value).toBe('offline');
    expect(server.posts).toEqual([]);
    actor.send({ type: 'sync.online' });
    await waitFor(actor, (s) => s.matches('idle'), { timeout: 5000 });
    expect(server.stored.size).toBe(2);
  });

  test('reports a server error by its status and backs off', async () => {
    await studyAnonymously(1);
    server.beforePost = () => {
      throw Object.assign(new Error('boom'), { status: 503 });
    };
    const snapshot = await syncOnce(startEngine());
    expect(snapshot.value).toBe('backoff');
    expect(snapshot.context.failure).toEqual({ kind: 'server', status: 503 });
  });

  test('pulls statements the server holds that the device lacks, as synced', async () => {
    const fromServer = testStatementFactory({ actor: me.actor, registration: me.registrations.icrm }).lessonCompleted(lesson, 0);
    server.stored.set(fromServer.id, fromServer);
    await studyAnonymously(1);
    await syncOnce(startEngine());
    expect((await db.statements.get(fromServer.id))?.synced).toBe(synced);
    expect((await readStatements(db)).map((s) => s.id)).toContain(fromServer.id);
  });
});

describe('backoffDelay', () => {
  test('doubles with each failure in a row, jittered between half and all of it, and stops growing at five minutes', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 1))).toEqual([2000, 4000, 8000, 16000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(30, () => 1)).toBe(300_000);
  });
});
