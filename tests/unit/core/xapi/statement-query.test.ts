import { describe, expect, test } from 'vitest';
import { acceptsVersionHeader, parseStatementQuery } from '../../../../src/core/xapi/statement-query.ts';

const parse = (query: string, serverParameters?: string[]) => parseStatementQuery(new URLSearchParams(query), serverParameters);
const message = (query: string) => {
  const result = parse(query);
  return result.ok ? 'accepted' : result.message;
};

describe('parseStatementQuery', () => {
  test('applies the defaults of the specification to an empty query', () => {
    expect(parse('')).toEqual({
      ok: true,
      query: { relatedActivities: false, relatedAgents: false, limit: 0, format: 'exact', attachments: false, ascending: false },
    });
  });

  test('parses every filter', () => {
    const query = new URLSearchParams({
      agent: '{"mbox":"mailto:a@example.com"}',
      verb: 'http://adlnet.gov/expapi/verbs/answered',
      activity: 'https://learn.example.com/xapi/activities/quiz/q',
      registration: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
      related_activities: 'true',
      related_agents: 'true',
      since: '2026-11-01T00:00:00Z',
      until: '2026-11-30T08:00:00+08:00',
      limit: '25',
      format: 'canonical',
      attachments: 'true',
      ascending: 'true',
    });
    expect(parseStatementQuery(query)).toEqual({
      ok: true,
      query: {
        agent: { agent: { mbox: 'mailto:a@example.com' }, key: 'mbox:mailto:a@example.com' },
        verb: 'http://adlnet.gov/expapi/verbs/answered',
        activity: 'https://learn.example.com/xapi/activities/quiz/q',
        registration: '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b',
        relatedActivities: true,
        relatedAgents: true,
        since: { text: '2026-11-01T00:00:00Z', milliseconds: Date.UTC(2026, 10, 1) },
        until: { text: '2026-11-30T08:00:00+08:00', milliseconds: Date.UTC(2026, 10, 30) },
        limit: 25,
        format: 'canonical',
        attachments: true,
        ascending: true,
      },
    });
  });

  test('accepts statementId with attachments and format only', () => {
    expect(parse('statementId=6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b&format=ids&attachments=false')).toMatchObject({ ok: true, query: { statementId: '6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b', format: 'ids' } });
  });

  test.each<[string, string]>([
    ['statementId=6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b&voidedStatementId=6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b', 'statementId and voidedStatementId cannot be used together'],
    ['statementId=6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b&limit=1', 'statementId can only be combined with attachments and format, not limit'],
    ['voidedStatementId=6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b&verb=http://e.com/v', 'voidedStatementId can only be combined with attachments and format, not verb'],
    ['statementId=42', 'statementId: must be a UUID'],
    ['registration=abc', 'registration: must be a UUID'],
    ['verb=answered', 'verb: must be an absolute IRI'],
    ['activity=quiz', 'activity: must be an absolute IRI'],
    ['agent=mailto:a@example.com', 'agent: must be the JSON of an Agent or identified Group, e.g. {"mbox":"mailto:name@example.com"}'],
    ['related_agents=yes', 'related_agents: must be true or false'],
    ['ascending=True', 'ascending: must be true or false'],
    ['since=yesterday', 'since: must be an ISO 8601 timestamp such as 2026-11-30T08:00:00Z'],
    ['limit=-1', 'limit: must be a whole number, 0 or more'],
    ['limit=ten', 'limit: must be a whole number, 0 or more'],
    ['format=full', 'format: must be exact, ids or canonical'],
    ['page=2', 'page: unknown parameter'],
    ['StatementId=6f2c1a3e-8b4d-4e5f-9a0b-1c2d3e4f5a6b', 'StatementId: unknown parameter; did you mean statementId? (names are case-sensitive)'],
    ['limit=1&limit=2', 'limit: given more than once'],
  ])('refuses %s', (query, expected) => {
    expect(message(query)).toBe(expected);
  });

  test('accepts the parameters the server adds to its own "more" links', () => {
    expect(parse('cursor=abc&limit=10', ['cursor'])).toMatchObject({ ok: true, query: { limit: 10 } });
  });
});

describe('acceptsVersionHeader', () => {
  test.each(['1.0', '1.0.0', '1.0.3', '1.0.10'])('accepts %s ("MUST accept requests with a version header starting with 1.0.")', (version) => {
    expect(acceptsVersionHeader(version)).toBe(true);
  });

  test.each(['0.95', '0.9', '1.1.0', '2.0.0', '1', '', '1.0.x', 'latest'])('refuses %j ("MUST reject requests with version header prior to version 1.0.0" / "of 1.1.0 or greater")', (version) => {
    expect(acceptsVersionHeader(version)).toBe(false);
  });

  test('refuses a missing header', () => {
    expect(acceptsVersionHeader(null)).toBe(false);
  });
});
