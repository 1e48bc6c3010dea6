import { expect } from 'vitest';
import type { SiteServer } from './e2e-server.ts';
import { HttpSession } from './http-client.ts';

export interface Job {
  id: string;
  status: string;
  message: string | null;
  preview: { encoding: string; rows: number; create: number; update: number; unchanged: number; errorCount: number; errors: { line: number; message: string }[]; fileError: string | null };
}

/** Uploads a roster and polls its job until the check ends, as the roster page does. */
export async function check(session: HttpSession, bytes: Uint8Array<ArrayBuffer>, name = 'roster.csv'): Promise<Job> {
  const started = await session.request(`/api/hr/roster/imports?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv' },
    body: bytes,
  });
  expect(started.status, await started.clone().text()).toBe(202);
  return poll(session, (await started.json()) as Job);
}

export async function poll(session: HttpSession, job: Job): Promise<Job> {
  let current = job;
  while (current.status === 'checking' || current.status === 'applying') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    current = (await (await session.request(`/api/hr/roster/imports/${current.id}`)).json()) as Job;
  }
  return current;
}

export async function importRoster(session: HttpSession, bytes: Uint8Array<ArrayBuffer>): Promise<Job> {
  const checked = await check(session, bytes);
  expect(checked.status, JSON.stringify(checked.preview)).toBe('ready');
  const applying = await session.request(`/api/hr/roster/imports/${checked.id}/apply`, { method: 'POST' });
  expect(applying.status).toBe(202);
  return poll(session, (await applying.json()) as Job);
}

/** Sets a password through an invite link, as the new person does in the browser. */
export async function acceptInvite(server: Pick<SiteServer, 'baseUrl'>, url: string, password: string): Promise<void> {
  const visitor = new HttpSession(server);
  const response = await visitor.request(new URL(url).pathname, { method: 'POST', form: { password, confirm: password } });
  expect(response.status).toBe(303);
}
