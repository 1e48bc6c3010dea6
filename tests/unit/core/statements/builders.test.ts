import { describe, expect, test } from 'vitest';
import { testStatementFactory } from '../../../support/statements.ts';
import { validateStatement } from '../../../../src/core/statements/validate-statement.ts';
import { isUuid } from '../../../../src/core/statements/uuid.ts';

const origin = 'https://learn.example.com';
const factory = testStatementFactory({
  actor: { objectType: 'Agent', account: { homePage: origin, name: 'u-42' } },
  registration: '2f1d5c4e-6a7b-4c8d-9e0f-123456789abc',
  contentVersion: 'c0ffee',
  now: () => new Date('2026-11-27T08:00:00.000Z'),
});
const lesson = { id: 'shared-goals', title: '共同目标' };

describe('createStatementFactory', () => {
  test('makes a lesson-opened statement with activity id, zh-CN name, registration, course grouping and content version', () => {
    const statement = factory.lessonExperienced(lesson);
    expect(isUuid(statement.id)).toBe(true);
    expect(statement).toMatchObject({
      actor: { account: { homePage: origin, name: 'u-42' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'zh-CN': '打开了' } },
      object: {
        id: 'https://learn.example.com/xapi/activities/lesson/shared-goals',
        definition: { name: { 'zh-CN': '共同目标' }, type: 'http://adlnet.gov/expapi/activities/lesson' },
      },
      timestamp: '2026-11-27T08:00:00.000Z',
      context: {
        registration: '2f1d5c4e-6a7b-4c8d-9e0f-123456789abc',
        contextActivities: { grouping: [{ id: 'https://learn.example.com/xapi/activities/course/icrm' }] },
        extensions: { 'https://learn.example.com/xapi/extensions/content-version': 'c0ffee' },
      },
    });
  });

  test('gives every statement a fresh id', () => {
    expect(factory.lessonExperienced(lesson).id).not.toBe(factory.lessonExperienced(lesson).id);
  });

  test('records reading progress as a cmi5 percentage, clamped, with the reading time as a duration', () => {
    const statement = factory.lessonProgressed(lesson, { share: 1.4, activeMs: 95_000, sections: ['a'] });
    expect(statement.result).toEqual({
      duration: 'PT1M35S',
      extensions: {
        'https://w3id.org/xapi/cmi5/result/extensions/progress': 100,
        'https://learn.example.com/xapi/extensions/sections': ['a'],
      },
    });
  });

  test('records a quiz result with raw, max and scaled score under the lesson', () => {
    const statement = factory.quizFinished({ id: 'quiz-shared-goals', title: '练习' }, { passed: false, raw: 2, max: 4, activeMs: 60_000, lesson });
    expect(statement.verb.id).toBe('http://adlnet.gov/expapi/verbs/failed');
    expect(statement.result).toMatchObject({ success: false, score: { raw: 2, min: 0, max: 4, scaled: 0.5 }, duration: 'PT1M' });
    expect(statement.context?.contextActivities?.parent?.[0]?.id).toBe(`${origin}/xapi/activities/lesson/shared-goals`);
  });

  test('records a scenario ending with its id, rating, meters and path', () => {
    const statement = factory.scenarioCompleted(
      { id: 'urgent-data', title: '紧急数据' },
      { endingId: 'win-win', rating: 'best', principleScores: { respect: 3 }, path: ['start', 'n2'], scaled: 0.9, activeMs: 1000 },
    );
    expect(statement.result?.extensions).toEqual({
      [`${origin}/xapi/extensions/ending`]: 'win-win',
      [`${origin}/xapi/extensions/rating`]: 'best',
      [`${origin}/xapi/extensions/principle-scores`]: { respect: 3 },
      [`${origin}/xapi/extensions/path`]: ['start', 'n2'],
    });
  });

  test('builds statements that the validator accepts, for every builder', () => {
    const quiz = { id: 'q', title: '测验' };
    const all = [
      factory.lessonExperienced(lesson),
      factory.lessonProgressed(lesson, { share: 0.5, activeMs: 1234 }),
      factory.lessonCompleted(lesson, 0),
      factory.questionAnswered({ id: 'q1', title: '第一题' }, { quiz, response: 'b', success: true, scaled: 1, activeMs: 5000 }),
      factory.quizFinished(quiz, { passed: true, raw: 4, max: 4, activeMs: 1 }),
      factory.scenarioAttempted({ id: 's', title: '情景' }),
      factory.scenarioCompleted({ id: 's', title: '情景' }, { endingId: 'e', rating: 'poor', principleScores: {}, path: [], scaled: -0.2, activeMs: 0 }),
      factory.sessionAttended({ code: 'ABC123', title: '课堂' }),
    ];
    expect(all.map((statement) => validateStatement(statement)).filter((result) => !result.ok)).toEqual([]);
  });
});
