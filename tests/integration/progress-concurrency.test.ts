import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { buildProgressModel } from '../../src/core/progress/progress-model.ts';
import { ProgressBook } from '../../src/server/learning/progress-book.ts';
import { StatementStore, type StatementRecord } from '../../src/server/xapi/statement-store.ts';
import { loadShippedContent } from '../support/course-fixture.ts';
import { testDatabases } from '../support/databases.ts';

const origin = 'https://learn.example.com';
const actorKey = `account:${origin}|u-1`;

/** A lesson-completion statement of learner u-1, as the store receives it. */
function completion(lesson: string): StatementRecord {
  const id = randomUUID();
  const body = {
    id,
    actor: { objectType: 'Agent', account: { homePage: origin, name: 'u-1' } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
    object: { objectType: 'Activity', id: `${origin}/xapi/activities/lesson/${lesson}` },
    result: { completion: true, duration: 'PT1M' },
    timestamp: '2026-11-30T08:00:00Z',
    stored: '2026-11-30T08:05:00Z',
  };
  return {
    id,
    statement: body as StatementRecord['statement'],
    body: JSON.stringify(body),
    actorKey,
    verbId: body.verb.id,
    activityId: body.object.id,
    targetStatementId: null,
    registration: null,
    timestampMs: Date.parse(body.timestamp),
    storedMs: Date.parse(body.stored),
    authorityKey: actorKey,
    isVoiding: false,
    agents: [{ key: actorKey, relatedOnly: false }],
    activities: [{ id: body.object.id, relatedOnly: false }],
  };
}

describe.each(testDatabases())('progress rows on $name under concurrent batches', (target) => {
  test('fold every batch of one learner stored at the same moment, as from several devices, losing none', async () => {
    const { database, dispose } = await target.open();
    try {
      const shipped = await loadShippedContent();
      const model = buildProgressModel(shipped.course, shipped.lessons);
      const book = new ProgressBook(origin);
      const store = new StatementStore(database.db, database.kind);
      // One batch per lesson, all at once: on PostgreSQL each runs on its own pooled connection.
      const batches = model.lessons.map((lesson) => [completion(lesson.id), completion(lesson.id)]);
      const outcomes = await Promise.all(
        batches.map((batch) => store.insert(batch, [], (existing, incoming) => existing === incoming.body, book.updater(model))),
      );
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);

      const report = await book.report(database.db, model, actorKey);
      expect(report.statementCount).toBe(batches.length * 2);
      expect(report.activeMs).toBe(batches.length * 2 * 60_000);
      expect(report.lessons.filter((lesson) => lesson.status !== 'completed')).toEqual([]);
      const rows = await database.db.selectFrom('progress').select(['statement_count']).execute();
      expect(rows).toEqual([{ statement_count: batches.length * 2 }]);
    } finally {
      await dispose();
    }
  });
});
