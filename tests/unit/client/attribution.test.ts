import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createAppDb, synced, type AppDb } from '../../../src/client/app-db.ts';
import { ensureLearnerProfile, readStatements, recordStatements, writeMeta } from '../../../src/client/learning-record.ts';
import { attributeToAccount, forgetAccount } from '../../../src/client/sync/attribution.ts';
import { testStatementFactory } from '../../support/statements.ts';

const origin = 'https://learn.example.com';
const lesson = { id: 'shared-goals', title: '共同目标' };
const learner = (id: string, displayName: string) => ({
  id,
  displayName,
  actor: { objectType: 'Agent' as const, name: displayName, account: { homePage: origin, name: id } },
  registrations: { icrm: `reg-of-${id}` },
});

let db: AppDb;
beforeEach(async () => {
  db = createAppDb('attribution', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
});
afterEach(() => db.close());

async function anonymousFactory() {
  const profile = await ensureLearnerProfile(db, 'icrm');
  return testStatementFactory({
    actor: { objectType: 'Agent', account: { homePage: `${origin}/xapi/anonymous`, name: profile.anonymousId } },
    registration: profile.registrations.icrm!,
  });
}

describe('attributeToAccount', () => {
  test('makes the anonymous statements the account’s, keeping their ids, with the server’s registration', async () => {
    const factory = await anonymousFactory();
    const studied = [factory.lessonExperienced(lesson), factory.lessonCompleted(lesson, 0)];
    await recordStatements(db, [studied[0]!], 1000);
    await recordStatements(db, [studied[1]!], 2000);
    expect(await attributeToAccount(db, learner('u-wang', '王芳'))).toBe(2);
    const mine = await readStatements(db);
    expect(mine.map((s) => s.id)).toEqual(studied.map((s) => s.id));
    expect(mine.map((s) => [s.actor.account?.name, s.context?.registration])).toEqual([
      ['u-wang', 'reg-of-u-wang'],
      ['u-wang', 'reg-of-u-wang'],
    ]);
    expect(await db.profile.get('learner')).toMatchObject({
      account: { homePage: origin, name: 'u-wang', displayName: '王芳' },
      registrations: { icrm: 'reg-of-u-wang' },
    });
  });

  test('also moves a statement a page recorded anonymously after sign-in, and never hands one account’s statements to another', async () => {
    const factory = await anonymousFactory();
    await recordStatements(db, [factory.lessonExperienced(lesson)]);
    await attributeToAccount(db, learner('u-wang', '王芳'));
    const late = factory.lessonCompleted(lesson, 0);
    await recordStatements(db, [late]);
    await attributeToAccount(db, learner('u-wang', '王芳'));
    expect((await readStatements(db)).map((s) => [s.id, s.context?.registration])).toContainEqual([late.id, 'reg-of-u-wang']);

    await attributeToAccount(db, learner('u-li', '李雷'));
    expect(await readStatements(db)).toEqual([]);
    expect(await readStatements(db, 'account:u-wang')).toHaveLength(2);
  });
});

describe('forgetAccount', () => {
  async function signedInWithRecord() {
    const factory = await anonymousFactory();
    await recordStatements(db, [factory.lessonExperienced(lesson)]);
    await attributeToAccount(db, learner('u-wang', '王芳'));
    await writeMeta(db, 'quiz-resume:q1', { at: 1 });
  }

  test('leaves nothing of the account readable to the next person, and keeps the copy only when asked', async () => {
    await signedInWithRecord();
    await forgetAccount(db, true);
    expect((await db.profile.get('learner'))?.account).toBeUndefined();
    expect(await readStatements(db)).toEqual([]);
    expect(await readStatements(db, 'account:u-wang')).toHaveLength(1);

    await attributeToAccount(db, learner('u-wang', '王芳'));
    await db.statements.toCollection().modify({ synced });
    await forgetAccount(db, false);
    expect(await db.statements.count()).toBe(0);
    expect(await db.meta.count()).toBe(0);
  });
});
