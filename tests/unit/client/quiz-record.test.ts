import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createActor, waitFor, type AnyActorRef } from 'xstate';
import { createAppDb, type AppDb } from '../../../src/client/app-db.ts';
import type { LearnerSession } from '../../../src/client/learner-session.ts';
import { readStatements, recordStatements, recordStatementsWith } from '../../../src/client/learning-record.ts';
import { loadQuizResume, QuizNotSavedError, quizRecorder } from '../../../src/client/quiz-record.ts';
import { buildProgressModel } from '../../../src/core/progress/progress-model.ts';
import { reduceProgress } from '../../../src/core/progress/progress-reducer.ts';
import { createQuizMachine } from '../../../src/core/quiz/quiz-machine.ts';
import { createStatementFactory } from '../../../src/core/statements/builders.ts';
import { loadShippedContent } from '../../support/course-fixture.ts';
import { progressQuizzes } from '../../../src/core/quiz/practice-quiz.ts';
import { twoQuestionQuiz } from '../../support/quiz-fixture.ts';

let db: AppDb;
let session: LearnerSession;
let storageFull = false;

let shipped: Awaited<ReturnType<typeof loadShippedContent>>;
// Reading the whole course once: a 2-core machine running other test files cannot do it per test in time.
beforeAll(async () => {
  shipped = await loadShippedContent();
}, 60_000);

beforeEach(async () => {
  db = createAppDb('quiz-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  const { course, lessons, quizzes } = shipped;
  const origin = 'https://learn.example.com';
  storageFull = false;
  session = {
    db,
    origin,
    context: {
      courseId: course.id,
      courseTitle: course.title,
      origin,
      contentVersion: 'v1',
      model: buildProgressModel(course, lessons, { quizzes: progressQuizzes(course, quizzes.practice) }),
    },
    factory: createStatementFactory({
      origin,
      actor: { account: { homePage: `${origin}/xapi/anonymous`, name: 'device-1' } },
      registration: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
      contentVersion: 'v1',
      course: { id: course.id, title: course.title },
    }),
    record: async (...statements) => {
      if (storageFull) return false;
      await recordStatements(db, statements);
      return true;
    },
    recordWith: async (statements, change) => {
      if (storageFull) return false;
      await recordStatementsWith(db, statements, change);
      return true;
    },
  };
});
afterEach(() => db.close());

/** Waits until the machine is done writing to the device (no answer or result being saved). */
const settle = (actor: AnyActorRef) =>
  waitFor(actor, (snapshot) => !snapshot.matches('checking') && !snapshot.matches({ finished: 'saving' }), { timeout: 5000 });

describe('quizRecorder', () => {
  test('records each answer and the result at once, keeps the resume point, then forgets it', async () => {
    const actor = createActor(createQuizMachine(quizRecorder(session)), { input: { quiz: twoQuestionQuiz, seed: 3 } }).start();
    actor.send({ type: 'quiz.answer', response: { kind: 'choice', selected: ['b'] } });
    actor.send({ type: 'quiz.submit', activeMs: 4200 });
    await settle(actor);
    expect(actor.getSnapshot().value).toBe('feedback');
    expect((await loadQuizResume(db, twoQuestionQuiz.id))?.answers['q-single']?.grade.correct).toBe(true);

    actor.send({ type: 'quiz.next' });
    actor.send({ type: 'quiz.answer', response: { kind: 'ordering', order: ['a', 'c', 'b', 'd'] } });
    actor.send({ type: 'quiz.submit', activeMs: 800 });
    await settle(actor);
    actor.send({ type: 'quiz.next' });
    await settle(actor);
    expect(actor.getSnapshot().value).toEqual({ finished: 'saved' });

    const statements = await readStatements(db);
    expect(statements.map((statement) => statement.verb.id.split('/').at(-1))).toEqual(['answered', 'answered', 'passed']);
    const [first, second, result] = statements;
    expect(first!.object.id).toBe('https://learn.example.com/xapi/activities/question/q-single');
    expect(first!.result).toMatchObject({ response: 'b', success: true, score: { scaled: 1 }, duration: 'PT4.2S' });
    expect(first!.context?.contextActivities?.parent?.[0]?.id).toBe('https://learn.example.com/xapi/activities/quiz/quiz-shared-goals');
    expect(second!.result).toMatchObject({ response: 'a[,]c[,]b[,]d', success: false, score: { scaled: 0.67 } });
    expect(result!.object.id).toBe('https://learn.example.com/xapi/activities/quiz/quiz-shared-goals');
    expect(result!.result).toMatchObject({ success: true, score: { raw: 1.67, max: 2 }, duration: 'PT5S' });
    expect(result!.context?.contextActivities?.parent?.[0]?.definition?.name).toEqual({ 'zh-CN': '共同目标' });
    expect(await loadQuizResume(db, twoQuestionQuiz.id)).toBeUndefined();

    const report = reduceProgress(session.context.model, statements);
    expect(report.quizzes.find((quiz) => quiz.id === 'quiz-shared-goals')).toMatchObject({ attempts: 1, passed: true });
  });

  test('leads to 重新保存 when the device is full, and records the answer once saving works again', async () => {
    const actor = createActor(createQuizMachine(quizRecorder(session)), { input: { quiz: twoQuestionQuiz, seed: 3 } }).start();
    storageFull = true;
    actor.send({ type: 'quiz.answer', response: { kind: 'choice', selected: ['a'] } });
    actor.send({ type: 'quiz.submit', activeMs: 100 });
    await settle(actor);
    expect(actor.getSnapshot().value).toBe('saveFailed');
    expect(await readStatements(db)).toEqual([]);
    await expect(
      quizRecorder(session).recordAnswer({
        quiz: twoQuestionQuiz,
        question: twoQuestionQuiz.questions[0]!,
        answer: actor.getSnapshot().context.answers['q-single']!,
        resume: { quizId: twoQuestionQuiz.id } as never,
      }),
    ).rejects.toBeInstanceOf(QuizNotSavedError);

    storageFull = false;
    actor.send({ type: 'quiz.save' });
    await settle(actor);
    expect(actor.getSnapshot().value).toBe('feedback');
    expect(await readStatements(db)).toHaveLength(1);
  });

  test('keeps an answer and its resume point together, and records the answer once when saving it again after a failed write', async () => {
    const recorder = quizRecorder(session);
    const actor = createActor(createQuizMachine(recorder), { input: { quiz: twoQuestionQuiz, seed: 3 } }).start();
    actor.send({ type: 'quiz.answer', response: { kind: 'choice', selected: ['b'] } });
    actor.send({ type: 'quiz.submit', activeMs: 300 });
    await settle(actor);
    const record = {
      quiz: twoQuestionQuiz,
      question: twoQuestionQuiz.questions[0]!,
      answer: actor.getSnapshot().context.answers['q-single']!,
      resume: { quizId: twoQuestionQuiz.id, attempt: 2, seed: 9 } as never,
    };
    const put = db.meta.put.bind(db.meta);
    db.meta.put = (() => Promise.reject(new Error('write failed'))) as never;
    await expect(recorder.recordAnswer(record)).rejects.toThrow('write failed');
    // Neither the answer nor its resume point was kept: a reload would ask this question again, not skip it.
    expect((await readStatements(db)).filter((statement) => statement.verb.id.endsWith('/answered'))).toHaveLength(1);
    db.meta.put = put;
    await recorder.recordAnswer(record);
    const answered = (await readStatements(db)).filter((statement) => statement.verb.id.endsWith('/answered'));
    expect(answered).toHaveLength(2);
  });

  test('stores a result and forgets the resume point together, so a reopened quiz never records the result again', async () => {
    const recorder = quizRecorder(session);
    const actor = createActor(createQuizMachine(recorder), { input: { quiz: twoQuestionQuiz, seed: 3 } }).start();
    actor.send({ type: 'quiz.answer', response: { kind: 'choice', selected: ['b'] } });
    actor.send({ type: 'quiz.submit', activeMs: 300 });
    await settle(actor);
    const outcome = { quiz: twoQuestionQuiz, attempt: 1, passed: false, raw: 1, max: 2, scaled: 0.5, activeMs: 300 } as never;
    const del = db.meta.delete.bind(db.meta);
    db.meta.delete = (() => Promise.reject(new Error('write failed'))) as never;
    await expect(recorder.recordResult(outcome)).rejects.toThrow('write failed');
    db.meta.delete = del;
    const results = async () => (await readStatements(db)).filter((statement) => statement.verb.id.endsWith('/failed'));
    expect(await results()).toEqual([]);
    expect(await loadQuizResume(db, twoQuestionQuiz.id)).toBeDefined();
    await recorder.recordResult(outcome);
    expect(await results()).toHaveLength(1);
    expect(await loadQuizResume(db, twoQuestionQuiz.id)).toBeUndefined();
  });
});
