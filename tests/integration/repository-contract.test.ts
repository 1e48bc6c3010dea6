import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AccountStore } from '../../src/server/accounts/accounts.ts';
import { SignInLimiter } from '../../src/server/accounts/sign-in-limiter.ts';
import type { AppDatabase } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrations.ts';
import { StatementStore, type StatementQuery, type StatementRecord } from '../../src/server/xapi/statement-store.ts';
import { testDatabases } from '../support/databases.ts';
import { statementRecord as record } from '../support/statement-record.ts';

const sameBody = (existing: string, incoming: StatementRecord) => existing === incoming.body;

describe.each(testDatabases())('the repositories on $name', (target) => {
  let database: AppDatabase;
  let dispose: () => Promise<void>;
  let schema: string | undefined;
  let now: number;
  let accounts: AccountStore;
  let statements: StatementStore;

  beforeEach(async () => {
    ({ database, dispose, schema } = await target.open());
    now = 1_700_000_000_000;
    accounts = new AccountStore(database.db, () => now);
    statements = new StatementStore(database.db, database.kind);
  });
  afterEach(async () => {
    await dispose();
  });

  describe('migrations', () => {
    test('run again on a migrated database without touching its rows', async () => {
      await accounts.upsertUser({ username: 'keep.me', roles: ['learner'] });
      await statements.insert([record()], [], sameBody);
      expect(await migrateToLatest(database.db, database.kind, schema)).toEqual([]);
      expect(await accounts.countUsers()).toBe(1);
      expect(await statements.count()).toBe(1);
    });

    test('bring a database of an older server up to date with its statements still found by every filter', async () => {
      const older = await target.open({ upTo: '0007-classroom-sessions' });
      try {
        const store = new StatementStore(older.database.db, older.database.kind);
        const kept = record({
          agents: [
            { key: 'mbox:mailto:a@example.com', relatedOnly: false },
            { key: 'mbox:mailto:team@example.com', relatedOnly: true },
          ],
          activities: [
            { id: 'https://x.example/xapi/activities/lesson/a', relatedOnly: false },
            { id: 'https://x.example/xapi/activities/course/icrm', relatedOnly: true },
          ],
        });
        await store.insert([kept], [], sameBody);
        const voiding = record({ verbId: 'http://adlnet.gov/expapi/verbs/voided', targetStatementId: kept.id, isVoiding: true, activityId: null, activities: [] });
        await store.insert([voiding], [], sameBody);

        expect(await migrateToLatest(older.database.db, older.database.kind, older.schema)).toContain('0008-leaner-statement-indexes');
        const ids = async (query: Partial<StatementQuery>) => (await store.query({ limit: 10, ascending: true, ...query })).map((row) => row.id);
        expect(await store.get(kept.id, true)).toMatchObject({ id: kept.id });
        expect(await ids({ agentKey: 'mbox:mailto:team@example.com', relatedAgents: true })).toEqual([voiding.id]);
        expect(await ids({ agentKey: 'mbox:mailto:team@example.com' })).toEqual([]);
        expect(await ids({ activityId: 'https://x.example/xapi/activities/course/icrm', relatedActivities: true })).toEqual([voiding.id]);
        // New statements go on being indexed after the migration.
        const later = record();
        await store.insert([later], [], sameBody);
        expect(await ids({ agentKey: 'mbox:mailto:a@example.com' })).toEqual([voiding.id, later.id]);
      } finally {
        await older.dispose();
      }
    });
  });

  describe('accounts', () => {
    test('upsert creates once per username and updates the rest', async () => {
      const first = await accounts.upsertUser({ username: 'li.lei', displayName: '李雷', department: '销售部', roles: ['learner'] });
      const second = await accounts.upsertUser({ username: 'li.lei', department: '市场部', roles: ['learner', 'facilitator'] });
      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.account).toMatchObject({ id: first.account.id, displayName: '李雷', department: '市场部', roles: ['learner', 'facilitator'] });
      expect(await accounts.countUsers()).toBe(1);
    });

    test('check passwords, and never let a disabled account in', async () => {
      const { account } = await accounts.upsertUser({ username: 'han.mei', roles: ['learner'] });
      expect(await accounts.checkPassword('han.mei', 'anything-at-all')).toBeUndefined();
      await accounts.setPassword(account.id, 'correct horse battery');
      expect((await accounts.checkPassword('han.mei', 'correct horse battery'))?.id).toBe(account.id);
      expect(await accounts.checkPassword('han.mei', 'wrong horse battery')).toBeUndefined();
      await accounts.setDisabled(account.id, true);
      expect(await accounts.checkPassword('han.mei', 'correct horse battery')).toBeUndefined();
    });

    test('sessions expire, can be revoked, and die with a disabled account', async () => {
      const { account } = await accounts.upsertUser({ username: 's.user', roles: ['learner'] });
      const one = await accounts.createSession(account.id);
      const two = await accounts.createSession(account.id);
      expect((await accounts.accountForSession(one.token))?.id).toBe(account.id);
      await accounts.revokeSession(one.token);
      expect(await accounts.accountForSession(one.token)).toBeUndefined();
      expect(await accounts.accountForSession('made-up-token')).toBeUndefined();
      now += 15 * 24 * 60 * 60 * 1000;
      expect(await accounts.accountForSession(two.token)).toBeUndefined();
      const three = await accounts.createSession(account.id);
      await accounts.setDisabled(account.id, true);
      await accounts.setDisabled(account.id, false);
      expect(await accounts.accountForSession(three.token)).toBeUndefined();
    });

    test('an invite works once, expires after 7 days, and a newer one replaces it', async () => {
      const { account } = await accounts.upsertUser({ username: 'invitee', roles: ['learner'] });
      const old = await accounts.createInvite(account.id, null);
      const fresh = await accounts.createInvite(account.id, null);
      expect(await accounts.inviteAccount(old.token)).toBeUndefined();
      const [a, b] = await Promise.all([accounts.acceptInvite(fresh.token, 'first-password-1'), accounts.acceptInvite(fresh.token, 'first-password-2')]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      const late = await accounts.createInvite(account.id, null);
      now += 8 * 24 * 60 * 60 * 1000;
      expect(await accounts.acceptInvite(late.token, 'late-password-1')).toBeUndefined();
    });

    test('API clients keep only a hash of the secret', async () => {
      const { client, secret } = await accounts.createApiClient('报表', null);
      expect((await accounts.checkApiClient(client.key, secret))?.id).toBe(client.id);
      expect(await accounts.checkApiClient(client.key, `${secret}x`)).toBeUndefined();
      const row = await database.db.selectFrom('api_clients').selectAll().executeTakeFirstOrThrow();
      expect(row.secret_hash).not.toContain(secret);
      await accounts.setApiClientDisabled(client.id, true);
      expect(await accounts.checkApiClient(client.key, secret)).toBeUndefined();
    });

    test('the sign-in limiter counts failures per account and per address within 15 minutes', async () => {
      const limiter = new SignInLimiter(database.db, () => now);
      const subjects = { username: 'Target', address: '10.0.0.1' };
      for (let i = 0; i < 5; i += 1) await limiter.recordFailure(subjects);
      expect(await limiter.retryAfterSeconds({ username: 'target', address: '10.0.0.2' })).toBe(900);
      expect(await limiter.retryAfterSeconds({ username: 'someone-else', address: '10.0.0.1' })).toBe(0);
      now += 10 * 60 * 1000;
      expect(await limiter.retryAfterSeconds(subjects)).toBe(300);
      now += 5 * 60 * 1000 + 1;
      expect(await limiter.retryAfterSeconds(subjects)).toBe(0);
    });
  });

  describe('statements', () => {
    test('store a batch once per id, skip identical re-sends and refuse a conflicting batch whole', async () => {
      const a = record();
      const b = record();
      expect(await statements.insert([a, b], [], sameBody)).toEqual({ ok: true, inserted: [a.id, b.id] });
      const c = record();
      expect(await statements.insert([a, c], [], sameBody)).toEqual({ ok: true, inserted: [c.id] });
      const changed = { ...b, body: JSON.stringify({ id: b.id, n: 2 }) };
      const d = record();
      const outcome = await statements.insert([d, changed], [], sameBody);
      expect(outcome).toMatchObject({ ok: false, conflict: { id: b.id } });
      expect(await statements.count()).toBe(3);
    });

    test('store each statement once when the same batch is inserted concurrently', async () => {
      const batch = Array.from({ length: 50 }, () => record());
      const outcomes = await Promise.all([statements.insert(batch, [], sameBody), statements.insert(batch, [], sameBody)]);
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
      expect(await statements.count()).toBe(50);
    });

    test('batches arriving together stand or fall alone: a conflict or a failure in one leaves the others stored', async () => {
      const stored = record();
      await statements.insert([stored], [], sameBody);
      const before = Array.from({ length: 20 }, () => record());
      const conflicting = [record(), { ...stored, body: JSON.stringify({ id: stored.id, n: 2 }) }];
      const failing = [record()];
      const after = Array.from({ length: 20 }, () => record());
      const outcomes = await Promise.allSettled([
        statements.insert(before, [], sameBody),
        statements.insert(conflicting, [], sameBody),
        statements.insert(failing, [], sameBody, async () => {
          throw new Error('the progress fold failed');
        }),
        statements.insert(after, [], sameBody),
      ]);
      expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.ok : 'rejected'))).toEqual([true, false, 'rejected', true]);
      expect(await statements.count()).toBe(41);
      expect(await statements.get(conflicting[0]!.id, false)).toBeUndefined();
      expect(await statements.get(failing[0]!.id, false)).toBeUndefined();
      expect(await statements.get(after[19]!.id, false)).toBeDefined();
    });

    test('query by agent, verb, activity and registration, with related places only when asked', async () => {
      const registration = randomUUID();
      const plain = record();
      const related = record({
        actorKey: 'mbox:mailto:b@example.com',
        registration,
        agents: [
          { key: 'mbox:mailto:b@example.com', relatedOnly: false },
          { key: 'mbox:mailto:a@example.com', relatedOnly: true },
        ],
        activities: [
          { id: 'https://x.example/xapi/activities/lesson/b', relatedOnly: false },
          { id: 'https://x.example/xapi/activities/course/c', relatedOnly: true },
        ],
        activityId: 'https://x.example/xapi/activities/lesson/b',
      });
      await statements.insert([plain, related], [], sameBody);
      const ids = async (query: Parameters<StatementStore['query']>[0]) => (await statements.query(query)).map((row) => row.id);
      const base = { limit: 10, ascending: true };
      expect(await ids({ ...base, agentKey: 'mbox:mailto:a@example.com' })).toEqual([plain.id]);
      expect(await ids({ ...base, agentKey: 'mbox:mailto:a@example.com', relatedAgents: true })).toEqual([plain.id, related.id]);
      expect(await ids({ ...base, activityId: 'https://x.example/xapi/activities/course/c' })).toEqual([]);
      expect(await ids({ ...base, activityId: 'https://x.example/xapi/activities/course/c', relatedActivities: true })).toEqual([related.id]);
      expect(await ids({ ...base, registration })).toEqual([related.id]);
      expect(await ids({ ...base, verbId: 'http://adlnet.gov/expapi/verbs/completed' })).toEqual([]);
    });

    test('voiding hides the target from queries but keeps it for voidedStatementId; a reference matches the filters of its target', async () => {
      const target = record();
      await statements.insert([target], [], sameBody);
      const voiding = record({
        actorKey: 'mbox:mailto:z@example.com',
        verbId: 'http://adlnet.gov/expapi/verbs/voided',
        activityId: null,
        targetStatementId: target.id,
        isVoiding: true,
        agents: [{ key: 'mbox:mailto:z@example.com', relatedOnly: false }],
        activities: [],
      });
      await statements.insert([voiding], [], sameBody);
      expect(await statements.get(target.id, false)).toBeUndefined();
      expect((await statements.get(target.id, true))?.id).toBe(target.id);
      const rows = await statements.query({ limit: 10, ascending: true, activityId: 'https://x.example/xapi/activities/lesson/a' });
      expect(rows.map((row) => row.id)).toEqual([voiding.id]);
    });

    test('pages in stored order and returns one extra row when there are more', async () => {
      const batch = Array.from({ length: 5 }, () => record());
      await statements.insert(batch, [], sameBody);
      const upTo = await statements.latestSeq();
      const first = await statements.query({ limit: 2, ascending: false, upTo });
      expect(first.map((row) => row.id)).toEqual([batch[4]!.id, batch[3]!.id, batch[2]!.id]);
      const second = await statements.query({ limit: 2, ascending: false, upTo, after: first[1]!.seq });
      expect(second.map((row) => row.id)).toEqual([batch[2]!.id, batch[1]!.id, batch[0]!.id]);
    });

    test('keep attachment bytes exactly and delete one actor with every index row', async () => {
      const bytes = new Uint8Array([0, 255, 13, 10, 128, 1]);
      await statements.insert([record()], [{ sha2: 'f'.repeat(64), contentType: 'application/octet-stream', content: bytes }], sameBody);
      const [stored] = await statements.attachments(['f'.repeat(64)]);
      expect([...stored!.content]).toEqual([...bytes]);
      await statements.insert([record({ actorKey: 'mbox:mailto:b@example.com', agents: [{ key: 'mbox:mailto:b@example.com', relatedOnly: false }] })], [], sameBody);
      expect(await statements.deleteByActor('mbox:mailto:a@example.com')).toBe(1);
      expect(await statements.count()).toBe(1);
      const orphans = await database.db.selectFrom('statement_agents').select('agent_key').where('agent_key', '=', 'mbox:mailto:a@example.com').execute();
      expect(orphans).toEqual([]);
    });
  });
});

describe.each(testDatabases())('progress rows on $name', (target) => {
  test('fold each learner forward in the insert transaction, once per statement, whatever the batches', async () => {
    const { database, dispose } = await target.open();
    try {
      const { buildProgressModel } = await import('../../src/core/progress/progress-model.ts');
      const { ProgressBook } = await import('../../src/server/learning/progress-book.ts');
      const { loadShippedContent } = await import('../support/course-fixture.ts');
      const shipped = await loadShippedContent();
      const model = buildProgressModel(shipped.course, shipped.lessons);
      const origin = 'https://learn.example.com';
      const book = new ProgressBook(origin);
      const store = new StatementStore(database.db, database.kind);
      const actor = { objectType: 'Agent', account: { homePage: origin, name: 'u-1' } };
      const actorKey = `account:${origin}|u-1`;
      const completed = (lesson: string) => {
        const id = randomUUID();
        const body = {
          id,
          actor,
          verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
          object: { objectType: 'Activity', id: `${origin}/xapi/activities/lesson/${lesson}` },
          result: { completion: true },
          timestamp: '2026-11-30T08:00:00Z',
        };
        return record({ id, body: JSON.stringify(body), actorKey });
      };
      const first = completed('why-it-matters');
      await store.insert([first, completed('course-introduction')], [], sameBody, book.updater(model));
      await store.insert([first, completed('shared-goals')], [], sameBody, book.updater(model));
      const row = await database.db.selectFrom('progress').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ actor_key: actorKey, course_id: model.id, user_id: 'u-1', status: 'in-progress', statement_count: 3 });
      const report = await book.report(database.db, model, actorKey);
      expect(report.lessons.filter((lesson) => lesson.status === 'completed').map((lesson) => lesson.id).sort()).toEqual([
        'course-introduction',
        'shared-goals',
        'why-it-matters',
      ]);
    } finally {
      await dispose();
    }
  });
});

describe.each(testDatabases())('HR report queries on $name', (target) => {
  test('summarise by department and page through learners, filtered, sorted, with expiry judged against now', async () => {
    const { database, dispose } = await target.open();
    try {
      const { HrReports } = await import('../../src/server/learning/hr-reports.ts');
      const accounts = new AccountStore(database.db);
      const people = [
        { username: 'a.sales', department: '销售部', status: 'completed', share: 1, completed_at: 1_000, expires_at: 5_000 },
        { username: 'b.sales', department: '销售部', status: 'in-progress', share: 0.4, completed_at: null, expires_at: null },
        { username: 'c.finance', department: '财务部', status: 'completed', share: 1, completed_at: 2_000, expires_at: 50_000 },
        { username: 'd.finance', department: '财务部', status: null, share: 0, completed_at: null, expires_at: null },
      ];
      for (const person of people) {
        const { account } = await accounts.upsertUser({ username: person.username, displayName: person.username, department: person.department, roles: ['learner'] });
        if (person.status === null) continue;
        await database.db
          .insertInto('progress')
          .values({
            actor_key: `account:x|${account.id}`,
            course_id: 'icrm',
            user_id: account.id,
            state: '{}',
            status: person.status,
            share: person.share,
            completed_at: person.completed_at,
            expires_at: person.expires_at,
            last_activity_at: person.completed_at ?? 500,
            statement_count: 1,
            updated_at: 0,
          })
          .execute();
      }
      await accounts.upsertUser({ username: 'hr.only', roles: ['hr'] });
      const reports = new HrReports(database.db);
      const summary = await reports.departmentSummary('icrm', 10_000);
      const noCertificates = { certificatesValid: 0, certificatesExpiring: 0 };
      expect(summary).toEqual([
        { department: '财务部', learners: 2, notStarted: 1, inProgress: 0, completed: 1, expired: 0, meanShare: 0.5, ...noCertificates },
        { department: '销售部', learners: 2, notStarted: 0, inProgress: 1, completed: 0, expired: 1, meanShare: 0.7, ...noCertificates },
      ]);
      const base = { courseId: 'icrm', sort: 'name' as const, descending: false, page: 1, pageSize: 2 };
      const first = await reports.learners(base, 10_000);
      expect(first.total).toBe(4);
      expect(first.rows.map((row) => row.username)).toEqual(['a.sales', 'b.sales']);
      expect((await reports.learners({ ...base, page: 2 }, 10_000)).rows.map((row) => row.username)).toEqual(['c.finance', 'd.finance']);
      expect((await reports.learners({ ...base, status: 'expired' }, 10_000)).rows.map((row) => row.username)).toEqual(['a.sales']);
      expect((await reports.learners({ ...base, department: '财务部', sort: 'share', descending: true }, 10_000)).rows.map((row) => [row.username, row.status])).toEqual([
        ['c.finance', 'completed'],
        ['d.finance', 'not-started'],
      ]);
      expect((await reports.learners({ ...base, from: 1_500, to: 3_000 }, 10_000)).rows.map((row) => row.username)).toEqual(['c.finance']);
    } finally {
      await dispose();
    }
  });
});
