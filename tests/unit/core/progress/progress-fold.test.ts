import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { CourseSchema } from '../../../../src/core/course/schemas/course.ts';
import { addCalendarMonths } from '../../../../src/core/progress/calendar-months.ts';
import {
  applyStatement,
  applyStatements,
  initProgress,
  viewProgress,
  type ProgressScope,
  type ProgressState,
} from '../../../../src/core/progress/progress-fold.ts';
import { buildProgressModel, type ProgressModel } from '../../../../src/core/progress/progress-model.ts';
import { createStatementFactory } from '../../../../src/core/statements/builders.ts';
import type { Statement } from '../../../../src/core/statements/xapi.ts';
import { loadShippedContent } from '../../../support/course-fixture.ts';
import { asServer, steppingClock, testStatementFactory } from '../../../support/statements.ts';

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
  quizzes: [
    { id: 'quiz-l1', title: '第一课练习', lessonId: 'l1', passMark: 0.75 },
    { id: 'quiz-l2', title: '第二课练习', lessonId: 'l2', passMark: 0.6 },
  ],
  scenarios: [
    { id: 's1', title: '紧急数据' },
    { id: 's2', title: '跨部门协作' },
  ],
  finalAssessment: { id: 'final-assessment', title: '结业测验', passMark: 0.8, questions: 20, attempts: 3, timeLimitMinutes: 40 },
  completion: {
    lessons: 'all',
    practiceQuizzes: 'all',
    scenarios: 'all',
    finalAssessment: { bank: 'final-assessment', questions: 20, passMark: 0.8, attempts: 3, timeLimitMinutes: 40 },
    classroomAttendance: 'required',
  },
  certificateValidityMonths: 24,
};

const origin = 'https://learn.example.com';
const registration = '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b';
const learnerKey = `account:${origin}|u-1`;
const item = (id: string) => ({ id, title: id });
const factory = testStatementFactory({ now: steppingClock('2026-11-01T08:00:00Z', 60_000) });
const ending = (rating: 'best' | 'acceptable' | 'poor') => ({
  endingId: `${rating}-end`,
  rating,
  principleScores: { respect: 3 },
  path: ['a'],
  scaled: 0.5,
  activeMs: 0,
});

const at = (statement: Statement, timestamp: string): Statement => ({ ...statement, timestamp });
const fold = (statements: Statement[], scope?: ProgressScope) => applyStatements(model, initProgress(model, scope), statements);
const view = (state: ProgressState, now = new Date('2027-01-01T00:00:00Z')) => viewProgress(model, state, now);

/** Everything the small course requires, with the server's own final-assessment result and attendance. */
function fullJourney(): Statement[] {
  const journey = testStatementFactory({ now: steppingClock('2026-11-01T08:00:00Z', 60_000) });
  return [
    journey.lessonCompleted(item('l1'), 60_000),
    journey.lessonCompleted(item('l2'), 60_000),
    journey.lessonCompleted(item('l3'), 60_000),
    journey.quizFinished(item('quiz-l1'), { passed: true, raw: 4, max: 4, activeMs: 0 }),
    journey.quizFinished(item('quiz-l2'), { passed: true, raw: 3, max: 4, activeMs: 0 }),
    journey.scenarioCompleted(item('s1'), ending('best')),
    journey.scenarioCompleted(item('s2'), ending('poor')),
    asServer(journey.sessionAttended({ code: 'K7Q2', title: '课堂' })),
    asServer(journey.quizFinished(item('final-assessment'), { passed: true, raw: 17, max: 20, activeMs: 600_000 })),
  ];
}

describe('applyStatement', () => {
  test('counts a statement once per id, whether it comes again as the same object, a copy or with its id in capitals', () => {
    const result = factory.quizFinished(item('quiz-l1'), { passed: false, raw: 1, max: 4, activeMs: 0 });
    const state = fold([result, result, structuredClone(result), { ...result, id: result.id.toUpperCase() }]);
    expect(view(state).statementCount).toBe(1);
    expect(view(state).quizzes[0]).toMatchObject({ attempts: 1, bestScaled: 0.25 });
  });

  test('changes the state it is given and returns it', () => {
    const state = initProgress(model);
    expect(applyStatement(model, state, factory.lessonExperienced(item('l1')))).toBe(state);
    expect(view(state).lessons[0]!.status).toBe('in-progress');
  });

  test('compares times as instants: a completion stamped +08:00 is earlier than a later one stamped Z, in either order', () => {
    const beijing = at(factory.lessonCompleted(item('l1'), 0), '2026-11-30T16:00:00+08:00');
    const utc = at(factory.lessonCompleted(item('l1'), 0), '2026-11-30T09:00:00Z');
    for (const order of [[beijing, utc], [utc, beijing]]) {
      expect(view(fold(order)).lessons[0]!.completedAt).toBe('2026-11-30T08:00:00.000Z');
    }
  });

  test('dates a practice pass by the earliest passing attempt whatever the order, even across time zones', () => {
    const first = at(factory.quizFinished(item('quiz-l1'), { passed: true, raw: 3, max: 4, activeMs: 0 }), '2026-11-30T07:30:00-01:00');
    const second = at(factory.quizFinished(item('quiz-l1'), { passed: true, raw: 4, max: 4, activeMs: 0 }), '2026-11-30T12:00:00+03:00');
    for (const order of [[first, second], [second, first]]) {
      expect(view(fold(order)).quizzes[0]).toMatchObject({ passed: true, passedAt: '2026-11-30T08:30:00.000Z', attempts: 2 });
    }
  });

  test('reads every timestamp a device writes as the instant it names', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        const report = view(fold([at(factory.lessonExperienced(item('l1')), date.toISOString())]));
        expect(report.lastActivityAt).toBe(date.toISOString());
      }),
      { numRuns: 500 },
    );
  });

  test('dates a statement no later than the server stored it, so a device clock running ahead dates nothing in the future', () => {
    const ahead = { ...at(factory.lessonCompleted(item('l1'), 0), '2026-12-01T09:00:00Z'), stored: '2026-11-30T09:00:00.000+00:00' };
    const behind = { ...at(factory.lessonCompleted(item('l2'), 0), '2026-11-29T09:00:00Z'), stored: '2026-11-30T09:00:00Z' };
    const unsent = at(factory.lessonCompleted(item('l3'), 0), '2026-12-02T09:00:00Z');
    const report = view(fold([ahead, behind, unsent]));
    expect(report.lessons.map((lesson) => lesson.completedAt)).toEqual([
      '2026-11-30T09:00:00.000Z',
      '2026-11-29T09:00:00.000Z',
      '2026-12-02T09:00:00.000Z',
    ]);
    expect(report.lastActivityAt).toBe('2026-12-02T09:00:00.000Z');
  });

  test('reads a timestamp without a zone as UTC and ignores one that is not a time', () => {
    const state = fold([
      at(factory.lessonCompleted(item('l1'), 0), '2026-11-30T08:00:00'),
      at(factory.lessonCompleted(item('l2'), 0), 'yesterday'),
    ]);
    expect(view(state).lessons.map((lesson) => lesson.completedAt)).toEqual(['2026-11-30T08:00:00.000Z', undefined, undefined]);
    expect(view(state).statementCount).toBe(1);
  });

  test('counts only the scoped actor and enrolment, and every statement without a scope', () => {
    const other = testStatementFactory({ actor: { account: { homePage: origin, name: 'u-2' } } });
    const reEnrolled = testStatementFactory({ registration: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' });
    const statements = [
      factory.lessonCompleted(item('l1'), 0),
      other.lessonCompleted(item('l2'), 0),
      reEnrolled.lessonCompleted(item('l3'), 0),
      { ...factory.lessonCompleted(item('l3'), 0), context: undefined },
    ];
    const scoped = view(fold(statements, { actorKey: learnerKey, registration: registration.toUpperCase() }));
    expect(scoped.lessons.map((lesson) => lesson.status)).toEqual(['completed', 'not-started', 'not-started']);
    expect(scoped.statementCount).toBe(1);
    expect(view(fold(statements, { actorKey: learnerKey })).lessons.map((lesson) => lesson.status)).toEqual([
      'completed',
      'not-started',
      'completed',
    ]);
    expect(view(fold(statements)).statementCount).toBe(4);
  });

  test('names the actor with the same key as the server, so an mbox actor is matched case-insensitively in its domain', () => {
    const mailed = testStatementFactory({ actor: { mbox: 'mailto:Wang.Fang@Example.COM' } });
    const state = fold([mailed.lessonCompleted(item('l1'), 0)], { actorKey: 'mbox:mailto:Wang.Fang@example.com' });
    expect(view(state).lessons[0]!.status).toBe('completed');
  });
});

describe('pass marks', () => {
  const passed = (raw: number) => factory.quizFinished(item('quiz-l1'), { passed: true, raw, max: 4, activeMs: 0 });
  const failed = (raw: number) => factory.quizFinished(item('quiz-l1'), { passed: false, raw, max: 4, activeMs: 0 });

  test('does not count a practice pass whose score is below the quiz pass mark', () => {
    expect(view(fold([passed(2)])).quizzes[0]).toEqual({
      id: 'quiz-l1',
      title: '第一课练习',
      lessonId: 'l1',
      attempts: 1,
      bestScaled: 0.5,
      passed: false,
    });
  });

  test('counts a pass exactly at the pass mark, and never a failure, whatever its score', () => {
    expect(view(fold([passed(3)])).quizzes[0]!.passed).toBe(true);
    expect(view(fold([failed(4)])).quizzes[0]).toMatchObject({ passed: false, bestScaled: 1 });
  });

  test('does not count a pass without a score, which cannot be checked', () => {
    const unscored = passed(4);
    delete unscored.result!.score;
    expect(view(fold([unscored])).quizzes[0]).toMatchObject({ attempts: 1, passed: false, bestScaled: null });
  });

  test('applies the pass mark in the view, so a stored state follows a pass mark changed in course.yaml', () => {
    const early = at(passed(3), '2026-11-02T08:00:00Z');
    const later = at(passed(4), '2026-11-03T08:00:00Z');
    const state = JSON.parse(JSON.stringify(fold([early, later]))) as ProgressState;
    expect(view(state).quizzes[0]!.passedAt).toBe('2026-11-02T08:00:00.000Z');
    const stricter = { ...model, quizzes: [{ ...model.quizzes[0]!, passMark: 0.9 }, model.quizzes[1]!] };
    expect(viewProgress(stricter, state, new Date()).quizzes[0]!.passedAt).toBe('2026-11-03T08:00:00.000Z');
  });

  test('does not count a final assessment the server passed with a score below the pass mark', () => {
    const low = asServer(factory.quizFinished(item('final-assessment'), { passed: true, raw: 15, max: 20, activeMs: 0 }));
    expect(view(fold([low])).assessment).toEqual({ attempts: 1, bestScaled: 0.75, passed: false });
  });
});

describe('the server as authority', () => {
  const final = () => factory.quizFinished(item('final-assessment'), { passed: true, raw: 20, max: 20, activeMs: 600_000 });
  const attended = () => factory.sessionAttended({ code: 'K7Q2', title: '课堂' });

  test('ignores a final-assessment result and attendance the learner claims, or an API client vouches for', () => {
    const client = { objectType: 'Agent' as const, account: { homePage: origin, name: 'hr-import' } };
    const report = view(fold([final(), attended(), { ...final(), authority: client }, { ...attended(), authority: client }]));
    expect(report.assessment).toEqual({ attempts: 0, bestScaled: null, passed: false });
    expect(report.attendance).toEqual([]);
    expect(report.activeMs).toBe(0);
    expect(report.requirements.filter((r) => r.met)).toEqual([]);
  });

  test('counts the final assessment, its time and attendance the server recorded', () => {
    const result = asServer(final());
    const session = asServer(attended());
    const report = view(fold([result, session]));
    expect(report.assessment).toEqual({ attempts: 1, bestScaled: 1, passed: true, passedAt: result.timestamp });
    expect(report.attendance).toEqual([{ code: 'K7Q2', attendedAt: session.timestamp }]);
    expect(report.activeMs).toBe(600_000);
    expect(report.requirements.filter((r) => r.met).map((r) => r.kind)).toEqual(['assessment', 'attendance']);
  });

  test('counts a practice quiz result whatever its authority', () => {
    const practice = asServer(factory.quizFinished(item('quiz-l2'), { passed: true, raw: 4, max: 4, activeMs: 0 }));
    expect(view(fold([practice, factory.quizFinished(item('quiz-l2'), { passed: false, raw: 0, max: 4, activeMs: 0 })])).quizzes[1]).toMatchObject({
      attempts: 2,
      passed: true,
    });
  });
});

describe('the final assessment in the course model', () => {
  test('takes its id, pass mark, size, attempts and time limit from course.yaml, naming the bank', async () => {
    const { course, lessons, quizzes } = await loadShippedContent();
    const { finalAssessment } = buildProgressModel(course, lessons);
    expect(finalAssessment).toEqual({ id: 'final-assessment', title: '结业测验', passMark: 0.8, questions: 20, attempts: 3, timeLimitMinutes: 40 });
    expect(quizzes.final.map((bank) => bank.id)).toContain(finalAssessment.id);
  }, 30_000);

  test.each([
    ['no bank', { bank: undefined }],
    ['a bank id that is not a slug', { bank: 'Final Assessment' }],
    ['no attempt', { attempts: 0 }],
    ['a fractional attempt', { attempts: 1.5 }],
    ['a time limit of a minute', { timeLimitMinutes: 1 }],
  ])('refuses a course.yaml whose final assessment has %s', (_what, change) => {
    const course = {
      id: 'icrm',
      title: '课程',
      summary: '简介',
      audience: ['员工'],
      objectives: ['目标'],
      modules: [{ id: 'm1', title: '模块', summary: '简介', lessons: ['l1'] }],
      completion: { ...model.completion, finalAssessment: { ...model.completion.finalAssessment, ...change } },
      certificate: { validityMonths: 24 },
    };
    expect(CourseSchema.safeParse(course).success).toBe(false);
    expect(CourseSchema.safeParse({ ...course, completion: model.completion }).success).toBe(true);
  });
});

describe('viewProgress', () => {
  test('says not started before any statement, and in progress after the first', () => {
    expect(view(initProgress(model)).status).toBe('not-started');
    expect(view(fold([factory.lessonExperienced(item('l2'))])).status).toBe('in-progress');
  });

  test('reports completion, the certificate expiry 24 calendar months later, and 需要重新认证 (expired) from that instant', () => {
    const journey = fullJourney();
    const state = fold(journey);
    const completedAt = journey.at(-1)!.timestamp;
    const expiresAt = '2028-11-01T08:09:00.000Z';
    expect(completedAt).toBe('2026-11-01T08:09:00.000Z');
    expect(view(state, new Date('2028-11-01T08:08:59.999Z'))).toMatchObject({
      complete: true,
      status: 'completed',
      completedAt,
      certificateExpiresAt: expiresAt,
    });
    expect(view(state, new Date(expiresAt))).toMatchObject({ complete: true, status: 'expired', completedAt, certificateExpiresAt: expiresAt });
  });

  test('keeps the course in progress while the classroom attendance it requires is missing', () => {
    const report = view(fold(fullJourney().filter((s) => !s.verb.id.endsWith('/attended'))));
    expect(report).toMatchObject({ complete: false, status: 'in-progress' });
    expect(report.requirements.filter((r) => !r.met).map((r) => r.kind)).toEqual(['attendance']);
    expect(report.completedAt).toBeUndefined();
    expect(report.certificateExpiresAt).toBeUndefined();
  });

  test('gives a view equal to the one from the same state read back from JSON, and folds on from it identically', () => {
    const [first, ...rest] = fullJourney();
    const state = fold([first!]);
    const copy = JSON.parse(JSON.stringify(state)) as ProgressState;
    expect(view(copy)).toEqual(view(state));
    expect(view(applyStatements(model, copy, rest))).toEqual(view(applyStatements(model, state, rest)));
  });

  test('ignores activity ids named after properties every object has', () => {
    const state = fold([
      factory.lessonCompleted(item('constructor'), 0),
      factory.lessonCompleted(item('__proto__'), 0),
      factory.quizFinished(item('toString'), { passed: true, raw: 1, max: 1, activeMs: 0 }),
    ]);
    const withConstructor = { ...model, lessons: [...model.lessons, { id: 'constructor', title: '构造', minutes: 1 }] };
    expect(viewProgress(withConstructor, JSON.parse(JSON.stringify(state)), new Date()).lessons.at(-1)!.status).toBe('completed');
    expect(({} as Record<string, unknown>).openedAt).toBeUndefined();
  });
});

describe('the size of a stored state', () => {
  test('stays under 16 KB of JSON for a learner with 300 statements on the shipped course', async () => {
    const { course, lessons } = await loadShippedContent();
    const shipped = buildProgressModel(course, lessons);
    const clocked = testStatementFactory({ now: steppingClock('2026-01-05T01:00:00Z', 45_000) });
    const statements: Statement[] = [];
    for (let i = 0; statements.length < 300; i++) {
      const lesson = lessons[i % lessons.length]!;
      statements.push(
        clocked.lessonExperienced(lesson),
        clocked.lessonProgressed(lesson, { share: 0.5, activeMs: 90_000 }),
        clocked.questionAnswered(item(`${lesson.id}-q1`), { quiz: item(`quiz-${lesson.id}`), response: 'a', success: true, scaled: 1, activeMs: 8000 }),
        clocked.quizFinished(item(`quiz-${lesson.id}`), { passed: i % 2 === 0, raw: 3 + (i % 2), max: 4, activeMs: 60_000 }),
        clocked.lessonCompleted(lesson, 30_000),
      );
    }
    const json = JSON.stringify(applyStatements(shipped, initProgress(shipped, { actorKey: learnerKey, registration }), statements));
    // About 15 KB, 11.7 KB of it the ids seen.
    expect(json.length).toBeLessThan(16 * 1024);
    expect((JSON.parse(json) as ProgressState).seen).toHaveLength(300);
  }, 30_000);
});

describe('addCalendarMonths', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  test('gives the same instant in every time zone, clamping to the end of a shorter month', () => {
    const cases = ['2026-08-31T20:30:00.000Z', '2028-02-29T23:59:59.999Z', '2026-03-29T01:30:00.000Z', '2026-11-01T00:00:00.000Z'];
    const answers = (months: number) => cases.map((iso) => new Date(addCalendarMonths(Date.parse(iso), months)).toISOString());
    process.env.TZ = 'UTC';
    expect(answers(6)).toEqual(['2027-02-28T20:30:00.000Z', '2028-08-29T23:59:59.999Z', '2026-09-29T01:30:00.000Z', '2027-05-01T00:00:00.000Z']);
    expect(answers(24)[1]).toBe('2030-02-28T23:59:59.999Z');
    const utc = [answers(6), answers(24)];
    for (const tz of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Pacific/Auckland']) {
      process.env.TZ = tz;
      expect([answers(6), answers(24)]).toEqual(utc);
    }
  });
});

// Property tests: statements drawn from every kind the course records, stamped in three time zones, by two actors.
const lessonIds = ['l1', 'l2', 'l3', 'gone'];
const quizIds = ['quiz-l1', 'quiz-l2', 'final-assessment'];
const scenarioIds = ['s1', 's2'];
const start = Date.parse('2024-06-01T00:00:00Z');

const action = fc.oneof(
  fc.record({ type: fc.constant('experienced' as const), lesson: fc.constantFrom(...lessonIds) }),
  fc.record({
    type: fc.constant('progressed' as const),
    lesson: fc.constantFrom(...lessonIds),
    share: fc.integer({ min: 0, max: 10 }).map((tenths) => tenths / 10),
    activeMs: fc.integer({ min: 0, max: 900_000 }),
  }),
  fc.record({ type: fc.constant('completed' as const), lesson: fc.constantFrom(...lessonIds), activeMs: fc.integer({ min: 0, max: 900_000 }) }),
  fc.record({
    type: fc.constant('quiz' as const),
    quiz: fc.constantFrom(...quizIds),
    passed: fc.boolean(),
    raw: fc.integer({ min: 0, max: 20 }),
    server: fc.boolean(),
    activeMs: fc.integer({ min: 0, max: 900_000 }),
  }),
  fc.record({ type: fc.constant('attempted' as const), scenario: fc.constantFrom(...scenarioIds) }),
  fc.record({
    type: fc.constant('ending' as const),
    scenario: fc.constantFrom(...scenarioIds),
    rating: fc.constantFrom('best' as const, 'acceptable' as const, 'poor' as const),
    respect: fc.integer({ min: -3, max: 5 }),
    inLesson: fc.boolean(),
    activeMs: fc.integer({ min: 0, max: 900_000 }),
  }),
  fc.record({ type: fc.constant('attended' as const), code: fc.constantFrom('K7Q2', 'P4X9'), server: fc.boolean() }),
);

const zone = fc.constantFrom('Z', '+08:00', '-05:00');
const statementArbitrary = fc.record({
  id: fc.uuid({ version: 4 }),
  minutes: fc.integer({ min: 0, max: 3 * 365 * 24 * 60 }),
  zone,
  learner: fc.constantFrom('u-1', 'u-1', 'u-1', 'u-2'),
  action,
});
type GeneratedStatement = typeof statementArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** What completes the course, each at a random time within two years, so runs reach completion and expiry alike. */
const journeyActions: GeneratedStatement['action'][] = [
  ...['l1', 'l2', 'l3'].map((lesson) => ({ type: 'completed' as const, lesson, activeMs: 60_000 })),
  ...['quiz-l1', 'quiz-l2'].map((quiz) => ({ type: 'quiz' as const, quiz, passed: true, raw: 20, server: false, activeMs: 0 })),
  ...scenarioIds.map((scenario) => ({ type: 'ending' as const, scenario, rating: 'poor' as const, respect: 0, inLesson: false, activeMs: 0 })),
  { type: 'attended', code: 'K7Q2', server: true },
  { type: 'quiz', quiz: 'final-assessment', passed: true, raw: 18, server: true, activeMs: 0 },
];
const journeyArbitrary = fc.tuple(
  ...journeyActions.map((act) =>
    fc.record({ id: fc.uuid({ version: 4 }), minutes: fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }), zone, learner: fc.constant('u-1'), action: fc.constant(act) }),
  ),
);

/** Writes a timestamp for the instant in the given zone, as another device might have. */
function stamp(instant: number, zone: string): string {
  if (zone === 'Z') return new Date(instant).toISOString();
  const offset = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4))) * 60_000;
  return new Date(instant + offset).toISOString().replace('Z', zone);
}

function toStatement({ id, minutes, zone: offset, learner, action: act }: GeneratedStatement): Statement {
  const instant = start + minutes * 60_000;
  const make = createStatementFactory({
    origin,
    actor: { account: { homePage: origin, name: learner } },
    registration,
    contentVersion: 'v1',
    course: { id: 'icrm', title: '内部客户关系管理培训' },
    now: () => new Date(instant),
    uuid: () => id,
  });
  const statement = ((): Statement => {
    switch (act.type) {
      case 'experienced':
        return make.lessonExperienced(item(act.lesson));
      case 'progressed':
        return make.lessonProgressed(item(act.lesson), { share: act.share, activeMs: act.activeMs });
      case 'completed':
        return make.lessonCompleted(item(act.lesson), act.activeMs);
      case 'quiz': {
        const result = make.quizFinished(item(act.quiz), { passed: act.passed, raw: act.raw, max: 20, activeMs: act.activeMs });
        return act.server ? asServer(result) : result;
      }
      case 'attempted':
        return make.scenarioAttempted(item(act.scenario));
      case 'ending':
        return make.scenarioCompleted(
          item(act.scenario),
          { endingId: `${act.rating}-end`, rating: act.rating, principleScores: { respect: act.respect, goals: 1 }, path: [], scaled: 0.5, activeMs: act.activeMs },
          act.inLesson ? item('l2') : undefined,
        );
      case 'attended': {
        const attended = make.sessionAttended({ code: act.code, title: '课堂' });
        return act.server ? asServer(attended) : attended;
      }
    }
  })();
  return { ...statement, timestamp: stamp(instant, offset) };
}

// A journey in half the runs, plus noise; one statement per id (the server refuses an id reused for other content).
const statementList = fc
  .tuple(fc.option(journeyArbitrary, { nil: undefined }), fc.array(statementArbitrary, { maxLength: 60, size: 'max' }))
  .map(([journey, noise]) => [...new Map([...(journey ?? []), ...noise].map((s) => [s.id, s])).values()].map(toStatement));
const scopes: ProgressScope[] = [{}, { actorKey: learnerKey, registration }];
// A year's validity, judged after the last journey time could be: some views are completed, others expired.
const yearly: ProgressModel = { ...model, certificateValidityMonths: 12 };
const now = new Date('2027-03-01T00:00:00Z');
const foldYearly = (statements: Statement[], scope: ProgressScope) => applyStatements(yearly, initProgress(yearly, scope), statements);
const reportOf = (statements: Statement[], scope: ProgressScope) => viewProgress(yearly, foldYearly(statements, scope), now);

describe('the fold, for any statements', () => {
  test('gives the same view whatever order the statements arrive in', () => {
    fc.assert(
      fc.property(
        statementList.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))),
        fc.constantFrom(...scopes),
        ([list, shuffled], scope) => {
          expect(reportOf(shuffled, scope)).toEqual(reportOf(list, scope));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('gives the same view when any of the statements arrive again, as copies, anywhere in the stream', () => {
    fc.assert(
      fc.property(
        statementList.chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.subarray(list).chain((again) => {
              const stream = [...list, ...again.map((s) => structuredClone(s))];
              return fc.shuffledSubarray(stream, { minLength: stream.length });
            }),
          ),
        ),
        fc.constantFrom(...scopes),
        ([list, stream], scope) => {
          expect(reportOf(stream, scope)).toEqual(reportOf(list, scope));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('gives the same view when the statements, some of them re-sent, are folded in batches with the state stored as JSON between them', () => {
    fc.assert(
      fc.property(
        statementList.chain((list) =>
          fc.tuple(
            fc.constant(list),
            // The stream in arrival order with some statements sent again later (as a device retrying a batch would).
            fc.subarray(list).map((again) => [...list, ...again.map((s) => structuredClone(s))]),
            fc.uniqueArray(fc.integer({ min: 0, max: 2 * list.length }), { maxLength: 6 }),
          ),
        ),
        fc.constantFrom(...scopes),
        ([list, stream, cuts], scope) => {
          const bounds = [0, ...cuts.filter((cut) => cut <= stream.length).sort((a, b) => a - b), stream.length];
          let stored = JSON.stringify(initProgress(yearly, scope));
          for (let i = 1; i < bounds.length; i++) {
            const state = JSON.parse(stored) as ProgressState;
            stored = JSON.stringify(applyStatements(yearly, state, stream.slice(bounds[i - 1], bounds[i])));
          }
          expect(viewProgress(yearly, JSON.parse(stored) as ProgressState, now)).toEqual(reportOf(list, scope));
        },
      ),
      { numRuns: 200 },
    );
  });

  test('draws runs of every status, so the properties above cover completed and expired views too', () => {
    const runs = fc.sample(fc.tuple(statementList, fc.constantFrom(...scopes)), { numRuns: 300, seed: 42 });
    const statuses = new Set(runs.map(([list, scope]) => reportOf(list, scope).status));
    expect([...statuses].sort()).toEqual(['completed', 'expired', 'in-progress', 'not-started']);
  });
});
