import type { JSONWebKeySet } from 'jose';
import { verifyCertificate } from '../../src/core/certificates/credential.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { repoRoot } from '../support/course-fixture.ts';
import { startSiteServer, testAdmin, type SiteServer } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'icrm-demo-'));
let server: SiteServer | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `npm run demo` (its script, through tsx) against the data folder, as a newcomer would. */
function runDemo(port: number): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${repoRoot}node_modules/.bin/tsx`, ['scripts/demo.ts'], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir, ADMIN_USER: testAdmin.username, ADMIN_PASSWORD: testAdmin.password, HOST: '127.0.0.1', PORT: String(port) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? 1, stdout, stderr }));
  });
}

test('npm run demo fills an organisation with learners at every stage, and its HR sign-in opens the console', async () => {
  const port = 43000 + Math.floor(Math.random() * 1000);
  const demo = await runDemo(port);
  expect(demo.status, demo.stderr).toBe(0);
  expect(demo.stdout).toContain('6 个部门，300 名学员：未开始 60，学习中 90，已完成 90，30 天内到期 30，已过期 15，证书已撤销 15');
  const password = /用户名 demo\.hr，密码 (\S+)/.exec(demo.stdout)?.[1];
  expect(password, demo.stdout).toBeTruthy();

  server = await startSiteServer({ dataDir, port });
  const hr = new HttpSession(server);
  await hr.signIn('demo.hr', password!);
  const summary = (await (await hr.request('/api/hr/summary')).json()) as {
    departments: { learners: number; notStarted: number; inProgress: number; completed: number; expired: number; certificatesValid: number; certificatesExpiring: number }[];
  };
  const total = (key: keyof (typeof summary.departments)[number]) => summary.departments.reduce((sum, row) => sum + row[key], 0);
  expect(summary.departments).toHaveLength(6);
  expect([total('learners'), total('notStarted'), total('inProgress'), total('completed'), total('expired')]).toEqual([300, 60, 90, 135, 15]);
  expect(total('certificatesExpiring')).toBe(30);
  expect(total('certificatesValid')).toBe(120);
  const revoked = (await (await hr.request('/api/hr/certificates?state=revoked')).json()) as { total: number; rows: { id: string }[] };
  expect(revoked.total).toBe(15);
  // The demo's certificates are signed like real ones: the published key verifies them, and revocation is public.
  const valid = (await (await hr.request('/api/hr/certificates?state=valid')).json()) as { rows: { id: string }[] };
  const keys = (await (await hr.request('/.well-known/jwks.json')).json()) as JSONWebKeySet;
  const credential = async (id: string) => ((await (await hr.request(`/api/certificates/${id}/credential`)).json()) as { credential: string }).credential;
  expect((await verifyCertificate(await credential(valid.rows[0]!.id), keys, new Date())).status).toBe('valid');
  const status = (await (await hr.request(`/api/certificates/${revoked.rows[0]!.id}/status`)).json()) as { status: string };
  expect(status.status).toBe('revoked');
  const expiring = (await (await hr.request('/api/hr/learners?status=expiring')).json()) as { total: number };
  expect(expiring.total).toBe(30);
  // Some completed learners moved department since: they still count where they completed.
  const learners = (await (await hr.request('/api/hr/learners?status=completed&size=200')).json()) as { rows: { department: string; rosterDepartment: string }[] };
  expect(learners.rows.some((row) => row.department !== row.rosterDepartment)).toBe(true);
  const facilitator = new HttpSession(server);
  await facilitator.signIn('demo.trainer', /用户名 demo\.trainer，密码 (\S+)/.exec(demo.stdout)![1]!);
  expect((await facilitator.request('/hr/')).status).toBe(403);
}, 300_000);
