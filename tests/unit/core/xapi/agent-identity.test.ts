import { describe, expect, test } from 'vitest';
import { activitiesOf, agentIdentityKey, agentsOf, parseAgentQueryParam } from '../../../../src/core/xapi/agent-identity.ts';
import type { XapiStatement } from '../../../../src/core/xapi/types.ts';
import { validateXapiStatement } from '../../../../src/core/xapi/validate-xapi-statement.ts';
import { longStatement, plannedSubStatement } from './spec-examples.ts';

/** Validates a statement after a JSON round trip, which drops properties set to undefined. */
function valid(statement: unknown): XapiStatement {
  const result = validateXapiStatement(JSON.parse(JSON.stringify(statement)));
  if (!result.ok) throw new Error(JSON.stringify(result.faults));
  return result.statement;
}

describe('agentIdentityKey', () => {
  test('builds a key from each kind of inverse functional identifier', () => {
    expect(agentIdentityKey({ mbox: 'mailto:a@example.com' })).toBe('mbox:mailto:a@example.com');
    expect(agentIdentityKey({ mbox_sha1sum: 'EBD31E95054C018B10727CCFFD2EF2EC3A016EE9' })).toBe('mbox_sha1sum:ebd31e95054c018b10727ccffd2ef2ec3a016ee9');
    expect(agentIdentityKey({ openid: 'http://toby.openid.example.org/' })).toBe('openid:http://toby.openid.example.org/');
    expect(agentIdentityKey({ account: { homePage: 'https://learn.example.com', name: 'u-1' } })).toBe('account:https://learn.example.com|u-1');
  });

  test('gives the same key whatever the case of the e-mail domain ("The domain portions of email addresses are case insensitive")', () => {
    expect(agentIdentityKey({ mbox: 'mailto:Zhang@Example.COM' })).toBe('mbox:mailto:Zhang@example.com');
  });

  test('gives an identified Group the key of its identifier and an anonymous Group none', () => {
    expect(agentIdentityKey({ objectType: 'Group', mbox: 'mailto:team@example.com' })).toBe('mbox:mailto:team@example.com');
    expect(agentIdentityKey({ objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] })).toBeNull();
  });
});

describe('parseAgentQueryParam', () => {
  test('accepts the JSON of an Agent and returns its key', () => {
    expect(parseAgentQueryParam('{"mbox":"mailto:a@example.com"}')).toEqual({ ok: true, agent: { mbox: 'mailto:a@example.com' }, key: 'mbox:mailto:a@example.com' });
  });

  test('accepts an identified Group ("Agent or Identified Group Object (JSON)")', () => {
    const result = parseAgentQueryParam('{"objectType":"Group","account":{"homePage":"http://example.com","name":"g"}}');
    expect(result).toMatchObject({ ok: true, key: 'account:http://example.com|g' });
  });

  test('refuses text that is not JSON', () => {
    expect(parseAgentQueryParam('mailto:a@example.com')).toMatchObject({ ok: false, message: expect.stringMatching(/^agent: must be the JSON/) });
  });

  test('refuses an Agent with two identifiers, naming the parameter ("MUST validate parameter values to the same standards")', () => {
    const result = parseAgentQueryParam('{"mbox":"mailto:a@example.com","openid":"http://a.example.com/"}');
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^agent: an Agent must have exactly one/) });
  });

  test('refuses a malformed mbox with the field path of the parameter', () => {
    expect(parseAgentQueryParam('{"mbox":"a@example.com"}')).toEqual({ ok: false, message: 'agent.mbox: must be a mailto IRI such as mailto:name@example.com' });
  });

  test('refuses an anonymous Group, which cannot be matched', () => {
    const result = parseAgentQueryParam('{"objectType":"Group","member":[{"mbox":"mailto:a@example.com"}]}');
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('anonymous Group') });
  });

  test('refuses JSON that is not an object', () => {
    expect(parseAgentQueryParam('[]')).toMatchObject({ ok: false });
    expect(parseAgentQueryParam('"mailto:a@example.com"')).toMatchObject({ ok: false });
  });
});

describe('agentsOf', () => {
  const statement = valid(longStatement);

  test('matches the actor Group and its members without related_agents ("Groups that have members which match … are considered a match")', () => {
    expect(agentsOf(statement, false)).toEqual([
      'mbox:mailto:teampb@example.com',
      'account:http://www.example.com|13936749',
      'openid:http://toby.openid.example.org/',
      'mbox_sha1sum:ebd31e95054c018b10727ccffd2ef2ec3a016ee9',
    ]);
  });

  test('adds authority, instructor and team with related_agents', () => {
    const keys = agentsOf(statement, true);
    expect(keys).toContain('account:http://cloud.scorm.com/|anonymous');
    expect(keys).toContain('account:http://www.example.com|13936749');
    expect(keys).toContain('mbox:mailto:teampb@example.com');
  });

  test('matches an Agent object ("the Actor or Object of the Statement")', () => {
    const interviewed = valid({ ...longStatement, object: { objectType: 'Agent', mbox: 'mailto:jeff@example.com' }, context: undefined });
    expect(agentsOf(interviewed, false)).toContain('mbox:mailto:jeff@example.com');
  });

  test('looks into a SubStatement only with related_agents', () => {
    const sub = valid({
      ...plannedSubStatement,
      object: { ...plannedSubStatement.object, actor: { mbox: 'mailto:other@example.com' }, context: { instructor: { mbox: 'mailto:teacher@example.com' } } },
    });
    expect(agentsOf(sub, false)).toEqual(['mbox:mailto:test@example.com']);
    expect(agentsOf(sub, true)).toEqual(['mbox:mailto:test@example.com', 'mbox:mailto:other@example.com', 'mbox:mailto:teacher@example.com']);
  });
});

describe('activitiesOf', () => {
  const statement = valid(longStatement);

  test('matches only the object Activity without related_activities', () => {
    expect(activitiesOf(statement, false)).toEqual(['http://www.example.com/meetings/occurances/34534']);
  });

  test('adds every kind of context activity with related_activities', () => {
    expect(activitiesOf(statement, true)).toEqual([
      'http://www.example.com/meetings/occurances/34534',
      'http://www.example.com/meetings/series/267',
      'http://www.example.com/meetings/categories/teammeeting',
      'http://www.example.com/meetings/occurances/34257',
      'http://www.example.com/meetings/occurances/3425567',
    ]);
  });

  test('matches nothing for a StatementRef object without related_activities', () => {
    const ref = valid({ ...longStatement, object: { objectType: 'StatementRef', id: '8f87ccde-bb56-4c2e-ab83-44982ef22df0' }, context: undefined });
    expect(activitiesOf(ref, false)).toEqual([]);
  });

  test('adds a SubStatement\'s object and context activities with related_activities', () => {
    const sub = valid({
      ...plannedSubStatement,
      object: { ...plannedSubStatement.object, context: { contextActivities: { parent: { id: 'http://example.com/trip' } } } },
    });
    expect(activitiesOf(sub, false)).toEqual([]);
    expect(activitiesOf(sub, true)).toEqual(['http://example.com/website', 'http://example.com/trip']);
  });
});
