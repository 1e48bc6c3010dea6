import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';

let server: SiteServer;

beforeAll(async () => {
  server = await startSiteServer();
});
afterAll(async () => {
  await server?.stop();
});

interface Job {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  preview: { create: number; errorCount: number } | null;
}

test('imports 100,000 people as a job whose progress the page can follow, answering other requests meanwhile', async () => {
  const admin = new HttpSession(server);
  await admin.signIn(server.admin.username, server.admin.password);
  const lines = ['工号,姓名,部门,邮箱,角色'];
  for (let i = 0; i < 100_000; i++) lines.push(`S${100000 + i},学员${i},第${i % 40}部,s${i}@example.com,学员`);
  const started = await admin.request('/api/hr/roster/imports?name=big.csv', {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv' },
    body: new TextEncoder().encode(lines.join('\n')),
  });
  expect(started.status).toBe(202);
  let job = (await started.json()) as Job;
  const seen: number[] = [];
  let answeredMeanwhile = 0;
  while (job.status === 'checking') {
    // Another person's request is answered while the file is being checked.
    const other = await admin.request('/api/me');
    if (other.status === 200) answeredMeanwhile += 1;
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = (await (await admin.request(`/api/hr/roster/imports/${job.id}`)).json()) as Job;
    if (job.status === 'checking') seen.push(job.processedRows);
  }
  expect(job.status).toBe('ready');
  expect(job.preview).toMatchObject({ create: 100_000, errorCount: 0 });
  expect(seen.some((processed) => processed > 0 && processed < 100_000)).toBe(true);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  expect(answeredMeanwhile).toBeGreaterThan(0);

  job = (await (await admin.request(`/api/hr/roster/imports/${job.id}/apply`, { method: 'POST' })).json()) as Job;
  while (job.status === 'applying') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = (await (await admin.request(`/api/hr/roster/imports/${job.id}`)).json()) as Job;
  }
  expect(job.status).toBe('done');
  const summary = (await (await admin.request('/api/hr/summary')).json()) as { departments: { learners: number }[] };
  expect(summary.departments).toHaveLength(40);
  expect(summary.departments.reduce((sum, department) => sum + department.learners, 0)).toBe(100_000);
  const page = (await (await admin.request('/api/hr/learners?q=S199999')).json()) as { total: number };
  expect(page.total).toBe(1);
}, 300_000);
