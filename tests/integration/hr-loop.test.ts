import type { JSONWebKeySet } from 'jose';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyCertificate } from '../../src/core/certificates/credential.ts';
import type { Question } from '../../src/core/quiz/schemas/quiz.ts';
import { loadFinalBank } from '../../src/server/assessment/final-bank.ts';
import { completeCourseOverHttp } from '../support/certificates.ts';
import { freshPostgresDatabase } from '../support/databases.ts';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { encodeGbk } from '../support/gbk.ts';
import { acceptInvite, importRoster } from '../support/hr.ts';
import { HttpSession } from '../support/http-client.ts';

/** The embedded database always; PostgreSQL (a fresh database of its own) when TEST_DATABASE_URL is set. */
const targets = [{ name: 'SQLite', postgres: false }, ...(process.env.TEST_DATABASE_URL ? [{ name: 'PostgreSQL', postgres: true }] : [])];

describe.each(targets)('HR’s whole loop on $name', ({ postgres }) => {
  let server: SiteServer;
  let dropDatabase: (() => Promise<void>) | undefined;
  let bank: Map<string, Question>;

  beforeAll(async () => {
    bank = new Map((await loadFinalBank('final-assessment')).questions.map((question) => [question.id, question]));
    if (postgres) {
      const database = await freshPostgresDatabase(process.env.TEST_DATABASE_URL!);
      dropDatabase = database.drop;
      server = await startSiteServer({ env: { DATABASE_URL: database.url } });
    } else {
      server = await startSiteServer();
    }
  });
  afterAll(async () => {
    await server?.stop();
    await dropDatabase?.();
  });

  test('roster (GBK) → invites → a learner completes → dashboard → export → the certificate verifies → revoked', async () => {
    const admin = new HttpSession(server);
    await admin.signIn(server.admin.username, server.admin.password);
    const job = await importRoster(admin, encodeGbk('工号,姓名,部门,邮箱,角色\nH100,周人事,人力资源部,hr100@example.com,人力资源\nL100,吴学员,客服部,,学员\nL101,郑学员,客服部,,学员\n'));
    expect(job.status).toBe('done');
    const { invites } = (await (await admin.request(`/api/hr/roster/imports/${job.id}/invites`, { method: 'POST' })).json()) as {
      invites: { username: string; inviteUrl: string }[];
    };
    for (const invite of invites) await acceptInvite(server, invite.inviteUrl, `${invite.username}-password-123`);
    const hr = new HttpSession(server);
    await hr.signIn('H100', 'H100-password-123');
    const learner = new HttpSession(server);
    await learner.signIn('L100', 'L100-password-123');

    expect(await completeCourseOverHttp(learner, bank)).toMatchObject({ passed: true });

    const summary = (await (await hr.request('/api/hr/summary')).json()) as {
      departments: { department: string; learners: number; completed: number; certificatesValid: number }[];
    };
    expect(summary.departments.find((row) => row.department === '客服部')).toMatchObject({ learners: 2, completed: 1, certificatesValid: 1 });

    const csv = await hr.request(`/api/hr/exports/learners.csv?department=${encodeURIComponent('客服部')}&status=completed`);
    expect(csv.status).toBe(200);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('L100');
    expect(text).not.toContain('L101');
    const xlsx = await hr.request(`/api/hr/exports/learners.xlsx?department=${encodeURIComponent('客服部')}`);
    const [sheet] = await readXlsxFile(Buffer.from(await xlsx.arrayBuffer()));
    expect(sheet!.data.slice(1).map((row) => [row[0], row[4]]).sort()).toEqual([
      ['L100', '已完成'],
      ['L101', '未开始'],
    ]);

    const [certificate] = (await (await learner.request('/api/certificates')).json()).certificates as { id: string; credential: string }[];
    const keys = (await (await hr.request('/.well-known/jwks.json')).json()) as JSONWebKeySet;
    expect((await verifyCertificate(certificate!.credential, keys, new Date())).status).toBe('valid');

    const revoked = await hr.request(`/api/certificates/${certificate!.id}/revoke`, { method: 'POST', json: { reason: '信息有误，重新签发' } });
    expect(revoked.status).toBe(200);
    const status = (await (await new HttpSession(server).request(`/api/certificates/${certificate!.id}/status`)).json()) as { status: string; reason?: string };
    expect(status).toMatchObject({ status: 'revoked', reason: '信息有误，重新签发' });
    const audit = (await (await admin.request('/api/hr/audit')).json()) as { rows: { action: string }[] };
    expect(audit.rows.map((row) => row.action)).toEqual(expect.arrayContaining(['certificate.revoke']));
  });
});
