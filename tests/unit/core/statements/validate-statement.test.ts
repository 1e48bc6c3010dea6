import { describe, expect, test } from 'vitest';
import { validateStatement } from '../../../../src/core/statements/validate-statement.ts';

const valid = () => ({
  id: '6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b',
  actor: { objectType: 'Agent', name: '张三', account: { homePage: 'https://learn.example.com', name: 'u-1' } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'zh-CN': '回答了' } },
  object: { objectType: 'Activity', id: 'https://learn.example.com/xapi/activities/question/q1', definition: { name: { 'zh-CN': '第一题' } } },
  result: { score: { scaled: 0.5, raw: 1, min: 0, max: 2 }, success: false, duration: 'PT12.5S', response: 'a' },
  context: {
    registration: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
    contextActivities: { parent: { id: 'https://learn.example.com/xapi/activities/quiz/q' } },
    extensions: { 'https://learn.example.com/xapi/extensions/content-version': 'abc' },
  },
  timestamp: '2026-11-27T08:00:00+08:00',
});

/** Applies a change to a valid statement and returns the faults as "field: message". */
function faults(change: (statement: ReturnType<typeof valid> & Record<string, unknown>) => void): string[] {
  const statement = valid() as ReturnType<typeof valid> & Record<string, unknown>;
  change(statement);
  const result = validateStatement(statement);
  return result.ok ? [] : result.faults.map((fault) => `${fault.field}: ${fault.message}`);
}

describe('validateStatement', () => {
  test('accepts a valid statement and turns a single context activity into an array', () => {
    const result = validateStatement(valid());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.statement.context?.contextActivities?.parent).toHaveLength(1);
  });

  test('accepts an actor identified by mbox, mbox_sha1sum or openid', () => {
    expect(faults((s) => (s.actor = { mbox: 'mailto:zhang@example.com' } as never))).toEqual([]);
    expect(faults((s) => (s.actor = { mbox_sha1sum: 'a'.repeat(40) } as never))).toEqual([]);
    expect(faults((s) => (s.actor = { openid: 'https://id.example.com/zhang' } as never))).toEqual([]);
  });

  test.each<[string, (s: ReturnType<typeof valid> & Record<string, unknown>) => void, string]>([
    ['an id that is not a UUID', (s) => (s.id = '123'), 'id: must be a UUID'],
    ['a missing id', (s) => delete (s as Partial<typeof s>).id, 'id: is required'],
    ['a missing actor', (s) => delete (s as Partial<typeof s>).actor, 'actor: is required'],
    ['an actor with two identifiers', (s) => ((s.actor as Record<string, unknown>).mbox = 'mailto:a@b.cn'), 'actor: must have exactly one of mbox, mbox_sha1sum, openid, account (has mbox, account)'],
    ['an actor with no identifier', (s) => (s.actor = { name: '张三' } as never), 'actor: must have exactly one of mbox, mbox_sha1sum, openid, account (has none)'],
    ['a group actor', (s) => ((s.actor as Record<string, unknown>).objectType = 'Group'), 'actor.objectType: only Agent actors are supported'],
    ['an mbox without mailto:', (s) => (s.actor = { mbox: 'zhang@example.com' } as never), 'actor.mbox: must be a mailto: IRI'],
    ['an account home page that is not a URL', (s) => (s.actor.account.homePage = 'learn'), 'actor.account.homePage: must be an http(s) URL'],
    ['an empty account name', (s) => (s.actor.account.name = ''), 'actor.account.name: must not be empty'],
    ['a verb id that is not an IRI', (s) => (s.verb.id = 'answered'), 'verb.id: must be an absolute IRI (for example https://example.com/path)'],
    ['a verb display with a bad language tag', (s) => (s.verb.display = { 'zh CN': '回答' } as never), 'verb.display: keys must be language tags such as zh-CN'],
    ['an object that is a statement reference', (s) => ((s.object as Record<string, unknown>).objectType = 'StatementRef'), 'object.objectType: only Activity objects are supported'],
    ['an object id with spaces', (s) => (s.object.id = 'https://x.cn/a b'), 'object.id: must be an absolute IRI (for example https://example.com/path)'],
    ['a scaled score above 1', (s) => (s.result.score.scaled = 1.5), 'result.score.scaled: must be between -1 and 1'],
    ['a scaled score below -1', (s) => (s.result.score.scaled = -2), 'result.score.scaled: must be between -1 and 1'],
    ['a raw score above max', (s) => (s.result.score.raw = 3), 'result.score.raw: must not be greater than max'],
    ['a raw score below min', (s) => (s.result.score.raw = -1), 'result.score.raw: must not be less than min'],
    ['a min not below max', (s) => Object.assign(s.result.score, { min: 2, raw: 2 }), 'result.score.min: must be less than max'],
    ['a duration that is not ISO 8601', (s) => (s.result.duration = '12 seconds'), 'result.duration: must be an ISO 8601 duration such as PT1M30S'],
    ['an empty duration P', (s) => (s.result.duration = 'P'), 'result.duration: must be an ISO 8601 duration such as PT1M30S'],
    ['success that is not a boolean', (s) => ((s.result as Record<string, unknown>).success = 'yes'), 'result.success: must be a boolean'],
    ['an extension key that is not an IRI', (s) => (s.context.extensions = { version: 'abc' } as never), 'context.extensions: keys must be absolute IRIs'],
    ['a registration that is not a UUID', (s) => (s.context.registration = 'abc'), 'context.registration: must be a UUID'],
    ['a context activity without id', (s) => (s.context.contextActivities.parent = {} as never), 'context.contextActivities.parent[0].id: is required'],
    ['a timestamp without a time zone', (s) => (s.timestamp = '2026-11-27T08:00:00'), 'timestamp: must be an ISO 8601 timestamp with a time zone'],
    ['a timestamp on a day that does not exist', (s) => (s.timestamp = '2026-13-45T08:00:00Z'), 'timestamp: is not a real date'],
    ['a version other than 1.0.x', (s) => (s.version = '2.0.0'), 'version: must be 1.0.x'],
    ['a property xAPI does not define', (s) => (s.score = 1), 'statement: has properties xAPI does not define or this server does not support: score'],
  ])('rejects %s, naming the field', (_case, change, expected) => {
    expect(faults(change)).toEqual([expected]);
  });

  test('rejects something that is not an object', () => {
    expect(validateStatement('hello')).toEqual({ ok: false, faults: [{ field: 'statement', message: 'must be an object' }] });
  });
});
