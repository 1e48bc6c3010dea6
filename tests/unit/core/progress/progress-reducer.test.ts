import { describe, expect, test } from 'vitest';
import { addMonths, reduceProgress } from '../../../../src/core/progress/progress-reducer.ts';
import type { ProgressModel } from '../../../../src/core/progress/progress-model.ts';
import { asServer, steppingClock, testStatementFactory } from '../../../support/statements.ts';
import type { Statement } from '../../../../src/core/statements/xapi.ts';

const model: ProgressModel = {
  id: 'icrm',
  title: '内部客户关系管理培训',
  modules: [
    { id: 'm1', title: '模块一', lessons: ['l1', 'l2'] },
    { id: 'm2', title: '模块二', lessons: ['l3'] },
  ],
  lessons: [
    { id: 'l1', title: '第一课', minutes: 10 },
    { id: 'l2', title: '第二课', minutes: 10 },
    { id: 'l3', title: '第三课', minutes: 10 },
  ],
  quizzes: [{ id: 'quiz-l1', title: '第一课练习', lessonId: 'l1', passMark: 0.75 }],
  scenarios: [{ id: 's1', title: '紧急数据' }],
  finalAssessment: { id: 'final-assessment', title: '结业测验', passMark: 0.8, questions: 20, attempts: 3, timeLimitMinutes: 40 },
  completion: {
    lessons: 'all',
    practiceQuizzes: 'all',
    scenarios: 'all',
    finalAssessment: { bank: 'final-assessment', questions: 20, passMark: 0.8, attempts: 3, timeLimitMinutes: 40 },
    classroomAttendance: 'optional',
  },
  certificateValidityMonths: 24,
};

// Each statement one minute after the previous one.
const factory = testStatementFactory({ now: steppingClock('2026-11-01T08:00:00Z', 60_000) });
const item = (id: string) => ({ id, title: id });

/** A learner who does everything the course requires, in the order a learner would. */
function fullJourney(): Statement[] {
  return [
    factory.lessonExperienced(item('l1')),
    factory.lessonProgressed(item('l1'), { share: 0.5, activeMs: 120_000 }),
    factory.lessonCompleted(item('l1'), 60_000),
    factory.quizFinished(item('quiz-l1'), { passed: false, raw: 2, max: 4, activeMs: 30_000 }),
    factory.quizFinished(item('quiz-l1'), { passed: true, raw: 4, max: 4, activeMs: 30_000 }),
    factory.lessonCompleted(item('l2'), 0),
    factory.lessonCompleted(item('l3'), 0),
    factory.scenarioAttempted(item('s1')),
    factory.scenarioCompleted(item('s1'), { endingId: 'poor-end', rating: 'poor', principleScores: { respect: 1, goals: 2 }, path: ['a'], scaled: 0.1, activeMs: 0 }),
    factory.scenarioCompleted(item('s1'), { endingId: 'best-end', rating: 'best', principleScores: { respect: 4, goals: 1 }, path: ['a', 'b'], scaled: 0.9, activeMs: 0 }),
    asServer(factory.quizFinished(item('final-assessment'), { passed: true, raw: 17, max: 20, activeMs: 600_000 })),
  ];
}

/** Shuffles deterministically, so a failure can be reproduced. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('reduceProgress', () => {
  test('reports nothing started and 继续学习 at the first lesson for an empty log', () => {
    const report = reduceProgress(model, []);
    expect(report.lessons.map((l) => l.status)).toEqual(['not-started', 'not-started', 'not-started']);
    expect(report.share).toBe(0);
    expect(report.complete).toBe(false);
    expect(report.nextLessonId).toBe('l1');
    expect(report.requirements.map((r) => `${r.kind}:${r.id}:${r.met}`)).toEqual([
      'lesson:l1:false',
      'lesson:l2:false',
      'lesson:l3:false',
      'quiz:quiz-l1:false',
      'scenario:s1:false',
      'assessment:final-assessment:false',
    ]);
  });

  test('shows an opened lesson as in progress with the largest share read', () => {
    const report = reduceProgress(model, [
      factory.lessonExperienced(item('l2')),
      factory.lessonProgressed(item('l2'), { share: 0.6, activeMs: 0 }),
      factory.lessonProgressed(item('l2'), { share: 0.3, activeMs: 0 }),
    ]);
    expect(report.lessons[1]).toMatchObject({ status: 'in-progress', share: 0.6 });
    expect(report.modules[0]).toMatchObject({ lessonsCompleted: 0, lessonsTotal: 2, share: 0.3 });
    expect(report.nextLessonId).toBe('l1');
  });

  test('completes the course when every rule is met, dating it by the last rule met, with the certificate expiry', () => {
    const journey = fullJourney();
    const report = reduceProgress(model, journey);
    expect(report.complete).toBe(true);
    expect(report.share).toBe(1);
    expect(report.completedAt).toBe(journey.at(-1)!.timestamp);
    expect(report.certificateExpiresAt).toBe(addMonths(journey.at(-1)!.timestamp, 24));
    expect(report.nextLessonId).toBeUndefined();
    expect(report.quizzes[0]).toMatchObject({ attempts: 2, bestScaled: 1, passed: true, passedAt: journey[4]!.timestamp });
    expect(report.scenarios[0]).toMatchObject({
      attempts: 1,
      completions: 2,
      endings: ['best-end', 'poor-end'],
      bestRating: 'best',
      bestScores: { respect: 4, goals: 2 },
    });
    expect(report.assessment).toMatchObject({ attempts: 1, bestScaled: 0.85, passed: true });
    // Lesson pages (whose time includes the quiz played on them) and the final assessment; quiz time is not added twice.
    expect(report.activeMs).toBe(120_000 + 60_000 + 600_000);
  });

  test('gives the same report whatever order the statements arrive in', () => {
    const journey = fullJourney();
    const expected = reduceProgress(model, journey);
    for (const seed of [1, 2, 3, 42, 2026]) expect(reduceProgress(model, shuffled(journey, seed))).toEqual(expected);
  });

  test('counts a statement sent twice once', () => {
    const journey = fullJourney();
    const expected = reduceProgress(model, journey);
    const doubled = reduceProgress(model, [...journey, ...journey.map((s) => structuredClone(s))]);
    expect(doubled).toEqual(expected);
    expect(doubled.statementCount).toBe(journey.length);
  });

  test.each([
    ['a lesson', (s: Statement) => s.verb.id.endsWith('completed') && s.object.id.endsWith('/lesson/l3'), 'lesson:l3'],
    ['the practice quiz pass', (s: Statement) => s.verb.id.endsWith('passed') && s.object.id.endsWith('/quiz/quiz-l1'), 'quiz:quiz-l1'],
    ['the scenario', (s: Statement) => s.verb.id.endsWith('completed') && s.object.id.endsWith('/scenario/s1'), 'scenario:s1'],
    ['the final assessment pass', (s: Statement) => s.object.id.endsWith('/quiz/final-assessment'), 'assessment:final-assessment'],
  ])('keeps the course incomplete without %s', (_what, drop, requirement) => {
    const report = reduceProgress(model, fullJourney().filter((s) => !drop(s)));
    expect(report.complete).toBe(false);
    expect(report.requirements.filter((r) => !r.met).map((r) => `${r.kind}:${r.id}`)).toEqual([requirement]);
    expect(report.completedAt).toBeUndefined();
  });

  test('does not count a failed final assessment as passed', () => {
    const report = reduceProgress(model, [asServer(factory.quizFinished(item('final-assessment'), { passed: false, raw: 10, max: 20, activeMs: 0 }))]);
    expect(report.assessment).toEqual({ attempts: 1, bestScaled: 0.5, passed: false });
  });

  test('requires classroom attendance only when the course says so', () => {
    const required = { ...model, completion: { ...model.completion, classroomAttendance: 'required' as const } };
    expect(reduceProgress(required, fullJourney()).complete).toBe(false);
    const attended = [...fullJourney(), asServer(factory.sessionAttended({ code: 'K7Q2', title: '课堂' }))];
    const report = reduceProgress(required, attended);
    expect(report.complete).toBe(true);
    expect(report.attendance).toEqual([{ code: 'K7Q2', attendedAt: attended.at(-1)!.timestamp }]);
  });

  test('requires only the listed lessons when the rule names them', () => {
    const some = { ...model, completion: { ...model.completion, lessons: ['l1'] } };
    const report = reduceProgress(some, fullJourney().filter((s) => !s.object.id.endsWith('/lesson/l3')));
    expect(report.complete).toBe(true);
  });

  test('counts statements recorded under another host name and ignores activities of no known item', () => {
    const elsewhere = testStatementFactory({
      origin: 'http://192.168.1.20:4321',
      actor: { account: { homePage: 'http://192.168.1.20:4321', name: 'u-1' } },
    });
    const report = reduceProgress(model, [elsewhere.lessonCompleted(item('l1'), 0), elsewhere.lessonCompleted(item('removed-lesson'), 0)]);
    expect(report.lessons[0]!.status).toBe('completed');
    expect(report.statementCount).toBe(2);
  });
});

describe('time spent', () => {
  test('adds a role-play played on its own page but not one played inside a lesson, whose page already counts it', () => {
    const ending = { endingId: 'e', rating: 'best' as const, principleScores: {}, path: [], scaled: 1, activeMs: 90_000 };
    const report = reduceProgress(model, [
      factory.lessonProgressed(item('l1'), { share: 0.5, activeMs: 300_000 }),
      factory.scenarioCompleted(item('s1'), ending, item('l1')),
      factory.scenarioCompleted(item('s1'), ending),
      factory.questionAnswered(item('q1'), { quiz: item('quiz-l1'), response: 'a', success: true, scaled: 1, activeMs: 20_000 }),
    ]);
    expect(report.activeMs).toBe(300_000 + 90_000);
  });
});

describe('addMonths', () => {
  test('adds calendar months and clamps to the end of a shorter month', () => {
    expect(addMonths('2026-01-15T10:00:00.000Z', 24)).toBe('2028-01-15T10:00:00.000Z');
    expect(addMonths('2026-08-31T00:00:00.000Z', 6)).toBe('2027-02-28T00:00:00.000Z');
    expect(addMonths('2027-08-31T00:00:00.000Z', 6)).toBe('2028-02-29T00:00:00.000Z');
  });
});
