import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AccountStore } from '../../src/server/accounts/accounts.ts';
import { AssessmentService, type AssessmentRules } from '../../src/server/assessment/assessment-service.ts';
import { loadFinalBank } from '../../src/server/assessment/final-bank.ts';
import type { AppDatabase } from '../../src/server/db/database.ts';
import { registrationOf } from '../../src/server/learning/enrolments.ts';
import { ProgressBook } from '../../src/server/learning/progress-book.ts';
import { buildProgressModel } from '../../src/core/progress/progress-model.ts';
import { loadShippedContent } from '../support/course-fixture.ts';
import { StatementStore } from '../../src/server/xapi/statement-store.ts';
import { testDatabases } from '../support/databases.ts';

describe.each(testDatabases())('the assessment clock on $name', (target) => {
  let database: AppDatabase;
  let dispose: () => Promise<void>;
  let now: number;
  let service: AssessmentService;
  let rules: AssessmentRules;

  beforeEach(async () => {
    ({ database, dispose } = await target.open());
    now = Date.UTC(2026, 10, 30, 8);
    const origin = 'https://learn.example.com';
    service = new AssessmentService(database.db, new StatementStore(database.db, database.kind), new ProgressBook(origin, () => now), origin, () => now);
    const shipped = await loadShippedContent();
    rules = {
      courseId: 'icrm',
      courseTitle: '内部客户关系管理培训',
      title: '结业测验',
      bank: await loadFinalBank('final-assessment'),
      questions: 20,
      passMark: 0.8,
      attempts: 3,
      timeLimitMinutes: 40,
      contentVersion: 'test',
      model: buildProgressModel(shipped.course, shipped.lessons),
    };
  });
  afterEach(async () => {
    await dispose();
  });

  test('grades an attempt whose time ran out as it stands, dated at its deadline, and refuses later answers', async () => {
    const { account } = await new AccountStore(database.db).upsertUser({ username: 'slow', roles: ['learner'] });
    const { attempt } = await service.start(account, rules);
    now += 20 * 60_000;
    expect((await service.status(account, rules)).open?.remainingSeconds).toBe(20 * 60);
    now += 21 * 60_000;
    await expect(service.saveAnswer(account, rules, attempt.id, attempt.questions[0]!.id, { kind: 'choice', selected: ['a'] })).rejects.toMatchObject({
      status: 409,
      code: 'time_up',
    });
    const status = await service.status(account, rules);
    expect(status.open).toBeNull();
    expect(status.results).toHaveLength(1);
    expect(status.results[0]).toMatchObject({ passed: false, submittedAt: new Date(Date.UTC(2026, 10, 30, 8, 40)).toISOString() });
  });

  test('keeps one registration per learner and course', async () => {
    const { account } = await new AccountStore(database.db).upsertUser({ username: 'enrolled', roles: ['learner'] });
    const [a, b] = await Promise.all([registrationOf(database.db, account.id, 'icrm'), registrationOf(database.db, account.id, 'icrm')]);
    expect(a).toBe(b);
    expect(await registrationOf(database.db, account.id, 'other')).not.toBe(a);
  });
});
