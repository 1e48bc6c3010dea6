import { describe, expect, test } from 'vitest';
import { formatStatement, parseAcceptLanguage, pickLanguage } from '../../../../src/core/xapi/format-statement.ts';
import type { XapiStatement } from '../../../../src/core/xapi/types.ts';
import { validateXapiStatement } from '../../../../src/core/xapi/validate-xapi-statement.ts';
import { interactionDefinitions, longStatement, plannedSubStatement } from './spec-examples.ts';

function valid(statement: unknown): XapiStatement {
  const result = validateXapiStatement(JSON.parse(JSON.stringify(statement)));
  if (!result.ok) throw new Error(JSON.stringify(result.faults));
  return result.statement;
}

const statement = valid(longStatement);

describe('parseAcceptLanguage', () => {
  test('orders language ranges by quality, keeping the given order for ties', () => {
    expect(parseAcceptLanguage('en;q=0.5, zh-CN, zh;q=0.9, fr;q=0.5')).toEqual(['zh-CN', 'zh', 'en', 'fr']);
  });

  test('leaves out ranges with q=0 and malformed entries', () => {
    expect(parseAcceptLanguage('de;q=0, en-US, not a tag, ;q=1, es;q=2')).toEqual(['en-US']);
  });

  test('returns no ranges for a missing or empty header', () => {
    expect(parseAcceptLanguage(undefined)).toEqual([]);
    expect(parseAcceptLanguage('')).toEqual([]);
  });

  test('keeps the wildcard', () => {
    expect(parseAcceptLanguage('*;q=0.1, ja')).toEqual(['ja', '*']);
  });
});

describe('pickLanguage', () => {
  const map = { 'en-US': 'attended', 'en-GB': 'attended (GB)', 'zh-CN': '参加了' };

  test('picks the entry equal to the best range, ignoring case', () => {
    expect(pickLanguage(map, ['zh-cn', 'en-US'])).toEqual({ 'zh-CN': '参加了' });
  });

  test('lets a range match a longer tag ("a language-range matches a language-tag if it exactly equals the tag, or … is a prefix")', () => {
    expect(pickLanguage(map, ['en'])).toEqual({ 'en-US': 'attended' });
  });

  test('falls back to a broader tag, then to the first entry, when nothing matches', () => {
    expect(pickLanguage({ zh: '参加了', en: 'attended' }, ['zh-TW'])).toEqual({ zh: '参加了' });
    expect(pickLanguage(map, ['fr'])).toEqual({ 'en-US': 'attended' });
  });

  test('returns a one-entry map unchanged', () => {
    expect(pickLanguage({ tlh: 'Qapla' }, ['en'])).toEqual({ tlh: 'Qapla' });
  });
});

describe('formatStatement', () => {
  test('returns an equal copy for "exact" ("populated exactly as they were when the Statement was received")', () => {
    const exact = formatStatement(statement, 'exact', ['zh-CN']);
    expect(exact).toEqual(statement);
    expect(exact).not.toBe(statement);
  });

  test('reduces agents, groups, activities and verbs to identifiers for "ids"', () => {
    const ids = formatStatement(statement, 'ids', []);
    expect(ids.actor).toEqual({ objectType: 'Group', mbox: 'mailto:teampb@example.com' });
    expect(ids.verb).toEqual({ id: 'http://adlnet.gov/expapi/verbs/attended' });
    expect(ids.object).toEqual({ objectType: 'Activity', id: 'http://www.example.com/meetings/occurances/34534' });
    expect(ids.authority).toEqual({ objectType: 'Agent', account: { homePage: 'http://cloud.scorm.com/', name: 'anonymous' } });
    expect(ids.context?.instructor).toEqual({ objectType: 'Agent', account: { homePage: 'http://www.example.com', name: '13936749' } });
    expect(ids.context?.contextActivities?.category).toEqual([{ objectType: 'Activity', id: 'http://www.example.com/meetings/categories/teammeeting' }]);
  });

  test('keeps the members of an anonymous Group for "ids", each by its identifier ("the minimum information needed to identify each member")', () => {
    const anonymous = valid({ ...longStatement, actor: { objectType: 'Group', name: 'Ad hoc', member: [{ name: 'A', mbox: 'mailto:a@example.com' }] } });
    expect(formatStatement(anonymous, 'ids', []).actor).toEqual({ objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] });
  });

  test('keeps the rest of the statement for "ids"', () => {
    const ids = formatStatement(statement, 'ids', []);
    expect(ids.result).toEqual(statement.result);
    expect(ids.context?.registration).toBe(statement.context?.registration);
    expect(ids.stored).toBe(statement.stored);
  });

  test('reduces the SubStatement\'s parts for "ids" too', () => {
    const ids = formatStatement(valid(plannedSubStatement), 'ids', []);
    expect(ids.object).toEqual({
      objectType: 'SubStatement',
      actor: { objectType: 'Agent', mbox: 'mailto:test@example.com' },
      verb: { id: 'http://example.com/visited' },
      object: { objectType: 'Activity', id: 'http://example.com/website' },
    });
  });

  test('keeps one language per map of activities and the verb for "canonical" ("The LRS MUST return only one language in each of these maps")', () => {
    const canonical = formatStatement(statement, 'canonical', ['en-GB']);
    expect(canonical.verb.display).toEqual({ 'en-GB': 'attended' });
    const object = canonical.object as { definition: { name: object; description: object } };
    expect(object.definition.name).toEqual({ 'en-GB': 'example meeting' });
    expect(Object.keys(object.definition.description)).toEqual(['en-GB']);
  });

  test('returns Agents and Groups as in "exact" for "canonical"', () => {
    expect(formatStatement(statement, 'canonical', ['en-GB']).actor).toEqual(statement.actor);
  });

  test('filters the interaction components\' descriptions for "canonical"', () => {
    const choice = valid({
      ...longStatement,
      object: { id: 'http://example.com/q', definition: { ...interactionDefinitions.choice, choices: [{ id: 'golf', description: { 'en-US': 'Golf', 'zh-CN': '高尔夫' } }] } },
    });
    const canonical = formatStatement(choice, 'canonical', ['zh-CN']);
    expect((canonical.object as { definition: { choices: unknown } }).definition.choices).toEqual([{ id: 'golf', description: { 'zh-CN': '高尔夫' } }]);
  });
});
