import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyStatements, initProgress } from '../../src/core/progress/progress-fold.ts';
import { buildProgressModel } from '../../src/core/progress/progress-model.ts';
import type { Statement } from '../../src/core/statements/xapi.ts';
import { openDatabase } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrations.ts';
import type { ProgressTable, UserTable } from '../../src/server/db/schema.ts';
import { HrReports } from '../../src/server/learning/hr-reports.ts';
import { progressColumns } from '../../src/server/learning/progress-book.ts';
import { loadShippedContent } from '../support/course-fixture.ts';
import { steppingClock, testStatementFactory } from '../support/statements.ts';

export const name = 'HR report: department summary and first page of learners, 10,000 learners × 300 statements (SQLite)';

const LEARNERS = 10_000;
const PER_LEARNER = 300;
const RUNS = 7;
const origin = 'https://learn.example.com';
const seededAt = Date.parse('2026-11-30T00:00:00Z');
const departments = ['销售部', '市场部', '财务部', '人力资源部', '客服部', '物流部', '生产部', '法务部', 'IT 部', '行政部'];

/** Seeds the progress rows as the server keeps them (each learner's 300 statements folded), then times HR's first screen. */
export async function run(): Promise<Record<string, number>> {
  const { course, lessons } = await loadShippedContent();
  const model = buildProgressModel(course, lessons, {
    quizzes: lessons.map((lesson) => ({ id: `quiz-${lesson.id}`, title: lesson.title, lessonId: lesson.id, passMark: 0.8 })),
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'icrm-hr-bench-'));
  const database = openDatabase({ dataDir });
  try {
    await migrateToLatest(database.db, database.kind);
    const seedStarted = performance.now();
    for (let start = 0; start < LEARNERS; start += 500) {
      const users: Insertable<UserTable>[] = [];
      const rows: Insertable<ProgressTable>[] = [];
      for (let i = start; i < Math.min(LEARNERS, start + 500); i++) {
        const id = randomUUID();
        const factory = testStatementFactory({ actor: { account: { homePage: origin, name: id } }, now: steppingClock('2026-06-01T00:00:00Z', 60_000 + i) });
        const statements: Statement[] = [];
        for (let n = 0; statements.length < PER_LEARNER; n++) {
          const lesson = lessons[(n + i) % lessons.length]!;
          statements.push(factory.lessonExperienced(lesson), factory.lessonProgressed(lesson, { share: ((n % 10) + 1) / 10, activeMs: 30_000 }));
          if ((n + i) % 3 === 0) statements.push(factory.lessonCompleted(lesson, 60_000));
        }
        statements.length = PER_LEARNER;
        const state = applyStatements(model, initProgress(model, { actorKey: `account:${origin}|${id}` }), statements);
        users.push({
          id,
          username: `learner${i}`,
          display_name: `学员${i}`,
          department: departments[i % departments.length]!,
          employee_id: `E${100000 + i}`,
          email: null,
          roles: 'learner',
          password_hash: null,
          disabled_at: null,
          created_at: 0,
          updated_at: 0,
        });
        rows.push({ actor_key: `account:${origin}|${id}`, course_id: model.id, user_id: id, ...progressColumns(model, state, seededAt) });
      }
      await database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < users.length; i += 50) await trx.insertInto('users').values(users.slice(i, i + 50)).execute();
        for (let i = 0; i < rows.length; i += 50) await trx.insertInto('progress').values(rows.slice(i, i + 50)).execute();
      });
    }
    console.log(`  seeded ${LEARNERS} learners × ${PER_LEARNER} statements in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const reports = new HrReports(database.db);
    const now = Date.parse('2026-11-30T00:00:00Z');
    const times: number[] = [];
    for (let runIndex = 0; runIndex < RUNS; runIndex++) {
      const started = performance.now();
      const summary = await reports.departmentSummary(model.id, now);
      const page = await reports.learners({ courseId: model.id, sort: 'name', descending: false, page: 1, pageSize: 50 }, now);
      times.push(performance.now() - started);
      if (summary.reduce((sum, row) => sum + row.learners, 0) !== LEARNERS || page.total !== LEARNERS) throw new Error('the report miscounted');
    }
    times.sort((a, b) => a - b);
    const median = Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
    console.log(`  ${RUNS} runs: ${times.map((time) => time.toFixed(0)).join(' / ')} ms; median ${median} ms (bar ≤ 1,000 ms)`);
    return { hr_report_10k_ms: median };
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
