import { performance } from 'node:perf_hooks';
import { applyStatements, initProgress, type ProgressState } from '../../src/core/progress/progress-fold.ts';
import { reduceProgress } from '../../src/core/progress/progress-reducer.ts';
import { buildProgressModel } from '../../src/core/progress/progress-model.ts';
import { steppingClock, testStatementFactory } from '../support/statements.ts';
import type { Statement } from '../../src/core/statements/xapi.ts';
import { loadShippedContent } from '../support/course-fixture.ts';

export const name = 'progress reducer';

/**
 * Times reduceProgress over 5,000 statements of one learner on the shipped course (bar: ≤ 10 ms), and prints what the
 * server's update of one progress row costs: read a 300-statement state from JSON, fold a batch of 50, write it back.
 */
export async function run(): Promise<Record<string, number>> {
  const { course, lessons } = await loadShippedContent();
  const model = buildProgressModel(course, lessons, {
    quizzes: lessons.map((lesson) => ({ id: `quiz-${lesson.id}`, title: lesson.title, lessonId: lesson.id, passMark: 0.75 })),
    scenarios: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, title: id })),
  });
  const factory = testStatementFactory({ course, now: steppingClock('2026-01-01T00:00:00Z', 1000) });
  const statements: Statement[] = [];
  for (let i = 0; statements.length < 5000; i++) {
    const lesson = lessons[i % lessons.length]!;
    const quiz = { id: `quiz-${lesson.id}`, title: lesson.title };
    statements.push(
      factory.lessonExperienced(lesson),
      factory.lessonProgressed(lesson, { share: (i % 10) / 10, activeMs: 30_000 }),
      factory.questionAnswered({ id: `${lesson.id}-q${i % 5}`, title: '题目' }, { quiz, response: 'a', success: i % 3 > 0, scaled: 1, activeMs: 5000 }),
      factory.quizFinished(quiz, { passed: i % 2 === 0, raw: 3, max: 4, activeMs: 60_000 }),
      factory.scenarioCompleted({ id: 'abcde'[i % 5]!, title: '情景' }, { endingId: `e${i % 3}`, rating: 'acceptable', principleScores: { respect: i % 7 }, path: ['n1', 'n2'], scaled: 0.5, activeMs: 1000 }),
    );
  }
  statements.length = 5000;
  for (let i = 0; i < 20; i++) reduceProgress(model, statements);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    reduceProgress(model, statements);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p95 = times[Math.floor(times.length * 0.95)]!;
  console.log(`  reduceProgress, 5,000 statements: median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (bar ≤ 10 ms)`);

  const stored = JSON.stringify(applyStatements(model, initProgress(model), statements.slice(0, 300)));
  const batch = statements.slice(300, 350);
  const rowTimes: number[] = [];
  for (let i = 0; i < 500; i++) {
    const started = performance.now();
    JSON.stringify(applyStatements(model, JSON.parse(stored) as ProgressState, batch));
    rowTimes.push(performance.now() - started);
  }
  rowTimes.sort((a, b) => a - b);
  const rowMedian = rowTimes[Math.floor(rowTimes.length / 2)]!;
  console.log(`  progress row update (${(stored.length / 1024).toFixed(1)} KB state + 50 statements): median ${rowMedian.toFixed(3)} ms`);
  return { reducer_5k_ms: Number(p95.toFixed(3)) };
}
