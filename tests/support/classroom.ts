import type { HttpSession } from './http-client.ts';

/** Creates a session over the API as a facilitator would, and returns its join code. */
export async function createSession(facilitator: HttpSession, body: Record<string, unknown> = {}): Promise<string> {
  const response = await facilitator.request('/api/classroom/sessions', {
    method: 'POST',
    json: { lessons: ['respect-and-trust'], date: '2026-12-01', time: '09:30', place: '三楼培训室', capacity: 300, ...body },
  });
  if (response.status !== 201) throw new Error(`creating a session failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { code: string }).code;
}

/** Sends a facilitator's command and returns the response (the state on 200). */
export function command(facilitator: HttpSession, code: string, body: Record<string, unknown>): Promise<Response> {
  return facilitator.request(`/api/classroom/sessions/${code}/commands`, { method: 'POST', json: body });
}

/** Sends a command that must succeed, and returns the session's state after it. */
export async function commandOk(facilitator: HttpSession, code: string, body: Record<string, unknown>) {
  const response = await command(facilitator, code, body);
  if (response.status !== 200) throw new Error(`${String(body.type)} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { state: { version: number; push: { id: number } | null; [key: string]: unknown } }).state;
}

/** Joins a session from a phone: as the signed-in account, or as a guest with `name`. */
export async function join(phone: HttpSession, code: string, name?: string): Promise<{ id: string; name: string }> {
  const response = await phone.request('/api/classroom/join', { method: 'POST', json: { code, ...(name ? { name } : {}) } });
  if (response.status !== 200) throw new Error(`joining failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { participant: { id: string; name: string } }).participant;
}

/** Answers (or votes on) a push from a phone. */
export function answer(phone: HttpSession, code: string, push: number, selected: string[]): Promise<Response> {
  return phone.request(`/api/classroom/join/${code}/answers/${push}`, { method: 'PUT', json: { selected } });
}
