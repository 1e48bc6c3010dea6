import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createAppDb, pending, rejected, synced, type AppDb } from '../../../src/client/app-db.ts';
import { ensureLearnerProfile, readStatements, recordStatements } from '../../../src/client/learning-record.ts';
import { markRejected, markSynced, outboxBatch, outboxCounts, storePulled } from '../../../src/client/sync/outbox.ts';
import { testStatementFactory } from '../../support/statements.ts';

let indexedDB: IDBFactory;
const deps = () => ({ indexedDB, IDBKeyRange });
const lesson = { id: 'shared-goals', title: '共同目标' };
const account = (name: string) => ({ account: { homePage: 'https://learn.example.com', name } });
const wang = testStatementFactory({ actor: account('u-wang') });
const li = testStatementFactory({ actor: account('u-li') });

beforeEach(() => {
  indexedDB = new IDBFactory();
});

describe('the version 2 upgrade', () => {
  test('keeps every version-1 row, with its synced flag, and files each under its learner', async () => {
    const old = new Dexie('upgrade', deps());
    old.version(1).stores({ statements: 'id, synced, recordedAt', scenarioSnapshots: 'scenarioId', profile: 'key', meta: 'key' });
    const [a, b, c] = [wang.lessonExperienced(lesson), wang.lessonCompleted(lesson, 0), li.lessonExperienced(lesson)];
    await old.table('statements').bulkAdd([
      { id: a.id, statement: a, synced: 1, recordedAt: 1 },
      { id: b.id, statement: b, synced: 0, recordedAt: 2 },
      { id: c.id, statement: c, synced: 0, recordedAt: 3 },
    ]);
    await old.table('profile').put({ key: 'learner', anonymousId: 'anon-1', registrations: { icrm: 'r-1' } });
    await old.table('meta').put({ key: 'quiz-resume:q1', value: { at: 2 } });
    old.close();

    const db = createAppDb('upgrade', deps());
    await db.open();
    expect(db.verno).toBe(2);
    expect(await db.statements.count()).toBe(3);
    expect(await readStatements(db, 'account:u-wang')).toEqual([a, b]);
    expect(await readStatements(db, 'account:u-li')).toEqual([c]);
    expect((await outboxBatch(db, 'account:u-wang', 50)).map((row) => row.id)).toEqual([b.id]);
    expect(await db.profile.get('learner')).toMatchObject({ anonymousId: 'anon-1', registrations: { icrm: 'r-1' } });
    expect(await db.meta.get('quiz-resume:q1')).toEqual({ key: 'quiz-resume:q1', value: { at: 2 } });
    db.close();
  });
});

describe('the device log of version 2', () => {
  let db: AppDb;
  beforeEach(async () => {
    db = createAppDb('log', deps());
    await db.open();
  });
  afterEach(() => db.close());

  test('shows each learner on a shared computer only their own statements', async () => {
    const profile = await ensureLearnerProfile(db, 'icrm');
    const anonymous = testStatementFactory({ actor: account(profile.anonymousId) });
    const mine = anonymous.lessonExperienced(lesson);
    await recordStatements(db, [wang.lessonExperienced(lesson), mine]);
    expect(await readStatements(db)).toEqual([mine]);
    await db.profile.update('learner', { account: { homePage: 'https://learn.example.com', name: 'u-wang' } });
    expect((await readStatements(db)).map((s) => s.actor.account?.name)).toEqual(['u-wang']);
  });

  test('hands out the outbox oldest first, in batches, without synced or refused statements', async () => {
    const statements = Array.from({ length: 7 }, () => wang.lessonProgressed(lesson, { share: 0.5, activeMs: 1000, sections: [] }));
    for (const [i, statement] of statements.entries()) await recordStatements(db, [statement], 1000 + i);
    await recordStatements(db, [li.lessonExperienced(lesson)], 999);
    await markSynced(db, [statements[0]!.id]);
    await markRejected(db, statements[1]!.id, 400, 'result.score.scaled 超出范围');
    expect((await outboxBatch(db, 'account:u-wang', 3)).map((row) => row.id)).toEqual(statements.slice(2, 5).map((s) => s.id));
    const counts = await outboxCounts(db, 'account:u-wang');
    expect(counts.pending).toBe(5);
    expect(counts.rejected.map((row) => [row.id, row.synced, row.rejection?.message])).toEqual([
      [statements[1]!.id, rejected, 'result.score.scaled 超出范围'],
    ]);
    // A refused statement no longer counts on the device either, as it does not on the server.
    expect(await readStatements(db, 'account:u-wang')).not.toContainEqual(statements[1]);
  });

  test('stores pulled statements once, as synced, and confirms a pending one the server already has', async () => {
    const local = wang.lessonExperienced(lesson);
    await recordStatements(db, [local]);
    const fromServer = wang.lessonCompleted(lesson, 0);
    expect(await storePulled(db, [local, fromServer, fromServer])).toBe(1);
    expect(await storePulled(db, [fromServer])).toBe(0);
    expect((await db.statements.toArray()).map((row) => [row.id, row.synced])).toEqual(
      expect.arrayContaining([
        [local.id, synced],
        [fromServer.id, synced],
      ]),
    );
    expect(await db.statements.where('synced').equals(pending).count()).toBe(0);
  });
});
