import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { statementsEquivalent } from '../../../../src/core/xapi/compare-statements.ts';
import { longStatement, plannedSubStatement, signedStatement } from './spec-examples.ts';

type Json = Record<string, any>;

const copy = <T>(value: T): T & Json => JSON.parse(JSON.stringify(value));

/** Returns whether the long example statement still equals itself after a change to a copy. */
function equalAfter(change: (statement: Json) => void, source: object = longStatement): boolean {
  const changed = copy(source);
  change(changed);
  return statementsEquivalent(source, changed);
}

describe('statementsEquivalent: differences the immutability exceptions allow (2.3.1) are ignored', () => {
  test('treats a statement as equal to an exact copy of itself', () => {
    expect(equalAfter(() => {})).toBe(true);
  });

  test('ignores property order', () => {
    const reordered = Object.fromEntries(Object.entries(copy(longStatement)).reverse());
    expect(statementsEquivalent(longStatement, reordered)).toBe(true);
  });

  test('ignores authority, which the LRS assigns ("id, authority, stored, timestamp, version")', () => {
    expect(equalAfter((s) => (s.authority = { mbox: 'mailto:lrs@example.com' }))).toBe(true);
    expect(equalAfter((s) => delete s.authority)).toBe(true);
  });

  test('ignores stored, which the LRS overwrites', () => {
    expect(equalAfter((s) => (s.stored = '2030-01-01T00:00:00Z'))).toBe(true);
  });

  test('ignores an id or timestamp missing on one side, since the LRS fills them in', () => {
    expect(equalAfter((s) => delete s.id)).toBe(true);
    expect(equalAfter((s) => delete s.timestamp)).toBe(true);
  });

  test('treats a missing version as 1.0.0 ("If they lack a version, the version MUST be set to 1.0.0")', () => {
    expect(equalAfter((s) => delete s.version)).toBe(true);
  });

  test('compares timestamps as instants ("returned in a different timezone … so long as the point in time … is not affected")', () => {
    expect(equalAfter((s) => (s.timestamp = '2013-05-18T13:32:34.804+08:00'))).toBe(true);
    expect(equalAfter((s) => (s.timestamp = '2013-05-18T05:32:34.804Z'))).toBe(true);
  });

  test('ignores Activity definitions ("The content of Activity Definitions … is not considered part of the Statement")', () => {
    expect(equalAfter((s) => (s.object.definition.name['zh-CN'] = '会议'))).toBe(true);
    expect(equalAfter((s) => delete s.context.contextActivities.category[0].definition)).toBe(true);
  });

  test('ignores the verb display ("The display property of the Verb is not considered part of the Statement")', () => {
    expect(equalAfter((s) => (s.verb.display = { 'zh-CN': '参加了' }))).toBe(true);
  });

  test('ignores the order of Group members ("The list of Agents in a Group is not considered to be an ordered list")', () => {
    expect(equalAfter((s) => s.actor.member.reverse())).toBe(true);
  });

  test('ignores attachments ("Attachments. These are not part of Statements")', () => {
    const withoutSignature: Json = copy(signedStatement);
    delete withoutSignature.attachments;
    expect(statementsEquivalent(signedStatement, withoutSignature)).toBe(true);
  });

  test('ignores the case of an e-mail domain ("the domain portion an e-mail address is case insensitive")', () => {
    expect(equalAfter((s) => (s.actor.mbox = 'mailto:teampb@EXAMPLE.com'))).toBe(true);
  });

  test('ignores the case of UUIDs, SHA-1 sums and language tags', () => {
    expect(equalAfter((s) => (s.context.registration = s.context.registration.toUpperCase()))).toBe(true);
    expect(equalAfter((s) => (s.actor.member[2].mbox_sha1sum = s.actor.member[2].mbox_sha1sum.toUpperCase()))).toBe(true);
    expect(equalAfter((s) => (s.context.language = 'TLH'))).toBe(true);
  });

  test('treats a single context activity and an array of one as the same', () => {
    expect(equalAfter((s) => (s.context.contextActivities.parent = s.context.contextActivities.parent[0]))).toBe(true);
  });

  test('treats an omitted objectType as its default (Agent for an actor, Activity for an object)', () => {
    expect(equalAfter((s) => delete s.object.objectType)).toBe(true);
    expect(equalAfter((s) => delete s.context.instructor.objectType)).toBe(true);
  });

  test('ignores duration precision beyond 0.01 s ("any precision beyond 0.01 second precision SHOULD* NOT be included")', () => {
    const base = { ...copy(longStatement), result: { duration: 'PT1.234S' } };
    expect(equalAfter((s) => (s.result.duration = 'PT1.2345S'), base)).toBe(true);
  });
});

describe('statementsEquivalent: every other difference counts (2.3.1 "MUST not be ignored")', () => {
  test.each<[string, (s: Json) => void]>([
    ['a different id', (s) => (s.id = '6690e6c9-3ef0-4ed3-8b37-7f3964730bef')],
    ['a different instant', (s) => (s.timestamp = '2013-05-18T05:32:35.804+00:00')],
    ['a different version', (s) => (s.version = '1.0.3')],
    ['a different verb', (s) => (s.verb.id = 'http://adlnet.gov/expapi/verbs/attempted')],
    ['a different actor name', (s) => (s.actor.name = 'Team QB')],
    ['a different member', (s) => (s.actor.member[0].account.name = '1')],
    ['one member fewer', (s) => s.actor.member.pop()],
    ['a different object id', (s) => (s.object.id = 'http://www.example.com/meetings/occurances/1')],
    ['a different success', (s) => (s.result.success = false)],
    ['a different response', (s) => (s.result.response = 'Nothing agreed.')],
    ['a different result extension', (s) => (s.result.extensions['http://example.com/profiles/meetings/resultextensions/minuteslocation'] = 'Y:')],
    ['a duration written differently (compared as a string)', (s) => (s.result.duration = 'PT3600S')],
    ['a different registration', (s) => (s.context.registration = 'ec531277-b57b-4c15-8d91-d292c5b2b8f8')],
    ['the local part of an e-mail in another case', (s) => (s.actor.mbox = 'mailto:TeamPB@example.com')],
    ['a different context activity order', (s) => s.context.contextActivities.other.reverse()],
    ['a context activity moved to another kind', (s) => (s.context.contextActivities.grouping = s.context.contextActivities.other.splice(0, 1))],
    ['a different platform', (s) => (s.context.platform = 'Other software')],
    ['a removed context', (s) => delete s.context],
    ['an added score', (s) => (s.result.score = { scaled: 1 })],
    ['a different instructor', (s) => (s.context.instructor = { mbox: 'mailto:other@example.com' })],
  ])('tells apart a statement with %s', (_name, change) => {
    expect(equalAfter(change)).toBe(false);
  });

  test('compares the SubStatement inside, including its timestamp', () => {
    expect(equalAfter((s) => (s.object.verb.id = 'http://example.com/skipped'), plannedSubStatement)).toBe(false);
    expect(equalAfter((s) => (s.object.timestamp = '2099-01-01T00:00:00Z'), plannedSubStatement)).toBe(false);
    expect(equalAfter((s) => (s.object.object.definition = {}), plannedSubStatement)).toBe(true);
  });

  test('answers false for anything that is not a statement object', () => {
    expect(statementsEquivalent(null, longStatement)).toBe(false);
    expect(statementsEquivalent([longStatement], [longStatement])).toBe(false);
  });
});

describe('statementsEquivalent: robustness', () => {
  test('never throws and is symmetric on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(statementsEquivalent(a, b)).toBe(statementsEquivalent(b, a));
      }),
      { numRuns: 300 },
    );
  });

  test('treats any statement as equivalent to itself after a JSON round trip with reversed key order', () => {
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reverseKeys(inner)]))
          : value;
    fc.assert(
      fc.property(fc.constantFrom(longStatement, plannedSubStatement, signedStatement), fc.jsonValue(), (statement, extension) => {
        const withExtension = { ...copy(statement), result: { extensions: { 'http://example.com/x': extension } } };
        expect(statementsEquivalent(withExtension, reverseKeys(withExtension))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
