import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyCertificate } from '../../src/core/certificates/credential.ts';
import type { Question } from '../../src/core/quiz/schemas/quiz.ts';
import { loadFinalBank } from '../../src/server/assessment/final-bank.ts';
import { completeCourseOverHttp } from '../support/certificates.ts';
import { postStatements } from '../support/xapi.ts';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';
import { runUserCommand } from '../support/user-command.ts';

let server: SiteServer;
let bank: Map<string, Question>;

interface Certificate {
  id: string;
  userId: string;
  learnerName: string;
  status: string;
  credential: string;
  verifyUrl: string;
  completedAt: string;
  expiresAt: string;
  revokeReason: string | null;
}

async function person(username: string, role = 'learner', name?: string): Promise<HttpSession> {
  const args = ['create', username, '--role', role, '--password-stdin', ...(name ? ['--name', name] : [])];
  const created = await runUserCommand(server.dataDir, args, `${username}-password\n`);
  if (created.status !== 0) throw new Error(created.stderr);
  const session = new HttpSession(server);
  await session.signIn(username, `${username}-password`);
  return session;
}

async function certificatesOf(session: HttpSession): Promise<Certificate[]> {
  const response = await session.request('/api/certificates');
  expect(response.status).toBe(200);
  return (await response.json()).certificates;
}

/** Reads the server's SQLite database directly, as evidence independent of the API under test. */
function rowsInDatabase<T>(query: string, ...params: unknown[]): T[] {
  const db = new SqliteDatabase(join(server.dataDir, 'icrm.sqlite'), { readonly: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

async function publishedKeys() {
  const response = await fetch(`${server.baseUrl}/.well-known/jwks.json`);
  expect(response.status).toBe(200);
  return response.json();
}

let owner: HttpSession;
let ownerId: string;
let certificate: Certificate;

beforeAll(async () => {
  server = await startSiteServer();
  bank = new Map((await loadFinalBank('final-assessment')).questions.map((question) => [question.id, question]));
  owner = await person('cert.owner', 'learner', '<b>李</b>娜');
  ownerId = (await (await owner.request('/api/me')).json()).id;
  expect(await completeCourseOverHttp(owner, bank)).toMatchObject({ passed: true });
  certificate = (await certificatesOf(owner))[0]!;
});
afterAll(async () => {
  await server?.stop();
});

describe('issuing', () => {
  test('issues the certificate when the final assessment completes the course, before anyone asks for it', async () => {
    expect(rowsInDatabase('SELECT id FROM certificates WHERE user_id = ?', ownerId)).toEqual([{ id: certificate.id }]);
    expect(certificate).toMatchObject({ userId: ownerId, learnerName: '<b>李</b>娜', status: 'valid', revokeReason: null });
    expect(certificate.verifyUrl).toBe(`${server.baseUrl}/verify/#${certificate.credential}`);
    const verification = await verifyCertificate(certificate.credential, await publishedKeys(), new Date());
    expect(verification).toMatchObject({ status: 'valid', certificate: { id: certificate.id, learnerName: '<b>李</b>娜', courseId: 'icrm', courseTitle: '内部客户关系管理培训' } });
    const months = (Date.parse(certificate.expiresAt) - Date.parse(certificate.completedAt)) / (30.44 * 86_400_000);
    expect(Math.round(months)).toBe(24);
  });

  test('issues it when the last statement of the course arrives after the assessment was passed', async () => {
    const session = await person('cert.late-lesson');
    const me = await (await session.request('/api/me')).json();
    // Everything but one lesson's completion: the assessment passes first, the course is not yet complete.
    const { passed, heldBack: held } = await completeCourseOverHttp(session, bank, (r) => r.kind === 'lesson' && r.id === 'summary-and-outlook');
    expect(passed).toBe(true);
    expect(held).toHaveLength(1);
    expect(rowsInDatabase('SELECT id FROM certificates WHERE user_id = ?', me.id)).toEqual([]);
    expect((await postStatements(session, held)).status).toBe(200);
    expect(rowsInDatabase('SELECT id FROM certificates WHERE user_id = ?', me.id)).toHaveLength(1);
    // Sent again, as a device whose acknowledgement was lost would.
    expect((await postStatements(session, held)).status).toBe(200);
    expect(rowsInDatabase('SELECT id FROM certificates WHERE user_id = ?', me.id)).toHaveLength(1);
  });

  test('issues nothing more for a second submission or repeated, simultaneous visits', async () => {
    const attempts = (await (await owner.request('/api/assessment')).json()).results as { id: string }[];
    await owner.request(`/api/assessment/attempts/${attempts[0]!.id}/submit`, { method: 'POST' });
    await Promise.all([certificatesOf(owner), certificatesOf(owner), certificatesOf(owner)]);
    expect(await certificatesOf(owner)).toHaveLength(1);
    expect(rowsInDatabase('SELECT id FROM certificates WHERE user_id = ?', ownerId)).toHaveLength(1);
  });

  test('lists nothing for a learner who has not completed the course', async () => {
    expect(await certificatesOf(await person('cert.beginner'))).toEqual([]);
  });
});

describe('who may see a certificate', () => {
  test('answers 401 signed out, 403 to another learner or a facilitator, and the certificate to its owner, HR and admins', async () => {
    const path = `/api/certificates/${certificate.id}`;
    expect((await fetch(`${server.baseUrl}/api/certificates`)).status).toBe(401);
    expect((await fetch(`${server.baseUrl}${path}`)).status).toBe(401);
    expect((await (await person('cert.stranger')).request(path)).status).toBe(403);
    expect((await (await person('cert.facilitator', 'facilitator')).request(path)).status).toBe(403);
    for (const session of [owner, await person('cert.hr', 'hr'), await person('cert.admin', 'admin')]) {
      const response = await session.request(path);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: certificate.id, credential: certificate.credential });
    }
    expect((await owner.request('/api/certificates/7b0c3a52-9a49-4e1f-8f0e-2a7d3c1b9e11')).status).toBe(404);
    expect((await owner.request('/api/certificates/not-an-id')).status).toBe(404);
  });

  test('serves the certificate page to its owner with the name as text and a QR code, and keeps others out', async () => {
    const page = await owner.request(`/certificates/${certificate.id}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('&lt;b&gt;李&lt;/b&gt;娜');
    expect(html).not.toContain('<b>李</b>');
    expect(html).toContain('内部客户关系管理培训');
    expect(html).toContain(certificate.id);
    expect(html).toMatch(/<svg[^>]*viewBox="0 0 \d+ \d+"/);
    const signedOut = await fetch(`${server.baseUrl}/certificates/${certificate.id}/`, { redirect: 'manual' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(`/signin/?next=${encodeURIComponent(`/certificates/${certificate.id}/`)}`);
    const stranger = await (await person('cert.peeker')).request(`/certificates/${certificate.id}/`);
    expect(stranger.status).toBe(403);
    expect(await stranger.text()).not.toContain('李');
    expect((await owner.request('/certificates/7b0c3a52-9a49-4e1f-8f0e-2a7d3c1b9e11/')).status).toBe(404);
  });
});

describe('public checks', () => {
  test('the status says valid without any personal data, and the credential of a typed id is public', async () => {
    const status = await fetch(`${server.baseUrl}/api/certificates/${certificate.id}/status`);
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual({ id: certificate.id, status: 'valid', revoked: false });
    const lookup = await fetch(`${server.baseUrl}/api/certificates/${certificate.id}/credential`);
    expect(await lookup.json()).toEqual({ credential: certificate.credential });
    expect((await fetch(`${server.baseUrl}/api/certificates/7b0c3a52-9a49-4e1f-8f0e-2a7d3c1b9e11/status`)).status).toBe(404);
  });

  test('the key set publishes public keys only, with their ids', async () => {
    const response = await fetch(`${server.baseUrl}/.well-known/jwks.json`);
    expect(response.headers.get('content-type')).toContain('application/jwk-set+json');
    const { keys } = await response.json();
    expect(keys.length).toBeGreaterThanOrEqual(1);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(key.kid).toMatch(/^[\w-]{43}$/);
      expect(key).not.toHaveProperty('d');
    }
  });
});

describe('revocation', () => {
  test('is for HR and admins, needs a reason, is audited, and shows in the public status', async () => {
    const session = await person('cert.revoked');
    await completeCourseOverHttp(session, bank);
    const [issued] = await certificatesOf(session);
    const path = `/api/certificates/${issued!.id}/revoke`;
    const reason = { reason: '考试期间<script>违规</script>' };
    expect((await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { Origin: server.baseUrl, 'Content-Type': 'application/json' }, body: JSON.stringify(reason) })).status).toBe(401);
    expect((await session.request(path, { method: 'POST', json: reason })).status).toBe(403);
    expect((await (await person('cert.facilitator2', 'facilitator')).request(path, { method: 'POST', json: reason })).status).toBe(403);
    const hr = await person('cert.hr2', 'hr');
    expect((await hr.request(path, { method: 'POST', json: reason, headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    const empty = await hr.request(path, { method: 'POST', json: { reason: '  ' } });
    expect(empty.status).toBe(400);
    expect((await empty.json()).message).toContain('请写明撤销原因');

    const revoked = await hr.request(path, { method: 'POST', json: reason });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ status: 'revoked', revokeReason: reason.reason });
    expect((await hr.request(path, { method: 'POST', json: reason })).status).toBe(409);
    const status = await (await fetch(`${server.baseUrl}/api/certificates/${issued!.id}/status`)).json();
    expect(status).toMatchObject({ id: issued!.id, status: 'revoked', revoked: true, reason: reason.reason });
    expect(Object.keys(status).sort()).toEqual(['id', 'reason', 'revoked', 'revokedAt', 'status']);
    const hrId = (await (await hr.request('/api/me')).json()).id;
    expect(rowsInDatabase('SELECT actor_user_id, action FROM audit_log WHERE subject = ?', issued!.id)).toEqual([
      { actor_user_id: hrId, action: 'certificate.revoke' },
    ]);
    expect((await certificatesOf(session))[0]).toMatchObject({ id: issued!.id, status: 'revoked' });
  });
});

describe('key rotation', () => {
  test('npm run user -- rotate-key signs new certificates with a new key while old ones still verify', async () => {
    const before = (await publishedKeys()).keys.map((key: { kid: string }) => key.kid);
    const rotated = await runUserCommand(server.dataDir, ['rotate-key']);
    expect(rotated.status).toBe(0);
    expect(rotated.stdout).toContain('已换用新的证书签名密钥');
    const after = await publishedKeys();
    expect(after.keys).toHaveLength(before.length + 1);

    const session = await person('cert.after-rotation');
    await completeCourseOverHttp(session, bank);
    const [fresh] = await certificatesOf(session);
    const kid = (credential: string) => JSON.parse(Buffer.from(credential.split('.')[0]!, 'base64url').toString()).kid;
    expect(before).toContain(kid(certificate.credential));
    expect(before).not.toContain(kid(fresh!.credential));
    for (const credential of [certificate.credential, fresh!.credential]) {
      expect(await verifyCertificate(credential, after, new Date())).toMatchObject({ status: 'valid' });
    }
  });
});
