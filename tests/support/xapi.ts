import { randomUUID } from 'node:crypto';
import type { HttpSession } from './http-client.ts';

export const XAPI_HEADERS = { 'X-Experience-API-Version': '1.0.3' };

export const verb = (name: string) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { 'zh-CN': name, 'en-US': name } });

/** A valid statement by `actor` about an activity of the course, with optional overrides. */
export function statementBy(actor: object, origin: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    actor,
    verb: verb('experienced'),
    object: {
      objectType: 'Activity',
      id: `${origin}/xapi/activities/lesson/why-it-matters`,
      definition: { name: { 'zh-CN': '为什么重要', 'en-US': 'Why it matters' } },
    },
    timestamp: new Date().toISOString(),
    ...overrides,
  };
}

/** Posts statements with the version header and returns the response. */
export function postStatements(session: HttpSession, body: unknown): Promise<Response> {
  return session.request('/xapi/statements', { method: 'POST', json: body, headers: XAPI_HEADERS });
}

/** GETs the statement resource with query parameters and returns the response. */
export function getStatements(session: HttpSession, params: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Response> {
  const query = new URLSearchParams(params).toString();
  return session.request(`/xapi/statements${query ? `?${query}` : ''}`, { headers: { ...XAPI_HEADERS, ...headers } });
}
