import { createHash, randomUUID } from 'node:crypto';
import { CompactSign, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { basicAuth, HttpSession } from '../support/http-client.ts';
import { runUserCommand } from '../support/user-command.ts';
import { getStatements, postStatements, statementBy, verb, XAPI_HEADERS } from '../support/xapi.ts';

let server: SiteServer;
let admin: HttpSession;
let client: HttpSession;
let learner: HttpSession;
let learnerActor: Record<string, unknown>;
let other: HttpSession;
let otherActor: Record<string, unknown>;

async function learnerSession(username: string): Promise<{ session: HttpSession; actor: Record<string, unknown> }> {
  await runUserCommand(server.dataDir, ['create', username, '--role', 'learner', '--password-stdin'], `${username}-password\n`);
  const session = new HttpSession(server);
  await session.signIn(username, `${username}-password`);
  const me = await (await session.request('/api/me')).json();
  return { session, actor: me.actor };
}

/** An HttpSession whose every request carries the API client's Basic credentials. */
function basicSession(key: string, secret: string): HttpSession {
  const session = new HttpSession(server);
  const request = session.request.bind(session);
  session.request = (path, init = {}) => request(path, { ...init, headers: { Authorization: basicAuth(key, secret), ...(init.headers as Record<string, string>) } });
  return session;
}

beforeAll(async () => {
  server = await startSiteServer();
  admin = new HttpSession(server);
  await admin.signIn(server.admin.username, server.admin.password);
  const created = await runUserCommand(server.dataDir, ['client', 'LRS 测试客户端']);
  client = basicSession(/key: (\S+)/.exec(created.stdout)![1]!, /secret: (\S+)/.exec(created.stdout)![1]!);
  ({ session: learner, actor: learnerActor } = await learnerSession('xapi-learner'));
  ({ session: other, actor: otherActor } = await learnerSession('xapi-other'));
});
afterAll(async () => {
  await server?.stop();
});

const mbox = (name: string) => ({ objectType: 'Agent', name, mbox: `mailto:${name}@example.com` });

describe('the version header', () => {
  test('is required on requests and sent on every answer', async () => {
    const missing = await client.request('/xapi/statements');
    expect(missing.status).toBe(400);
    expect(missing.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect((await missing.json()).message).toContain('X-Experience-API-Version');
    const old = await client.request('/xapi/statements', { headers: { 'X-Experience-API-Version': '0.95' } });
    expect(old.status).toBe(400);
    const ok = await client.request('/xapi/statements', { headers: { 'X-Experience-API-Version': '1.0.1' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-experience-api-version')).toBe('1.0.3');
  });

  test('GET /xapi/about lists the versions without needing the header', async () => {
    const response = await fetch(`${server.baseUrl}/xapi/about`);
    expect(response.status).toBe(200);
    expect((await response.json()).version).toContain('1.0.3');
    const head = await fetch(`${server.baseUrl}/xapi/about`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('POST and PUT', () => {
  test('store one statement or an array and answer with the ids in order', async () => {
    const one = statementBy(mbox('alice'), server.baseUrl);
    const single = await postStatements(client, one);
    expect(single.status).toBe(200);
    expect(await single.json()).toEqual([one.id]);
    const withoutId = statementBy(mbox('alice'), server.baseUrl);
    delete withoutId.id;
    const batch = [statementBy(mbox('alice'), server.baseUrl), withoutId];
    const many = await postStatements(client, batch);
    const ids = await many.json();
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(batch[0]!.id);
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('PUT stores under statementId and answers 204; a differing id in the body is 400', async () => {
    const statement = statementBy(mbox('bob'), server.baseUrl);
    const id = statement.id as string;
    delete statement.id;
    const put = await client.request(`/xapi/statements?statementId=${id}`, { method: 'PUT', json: statement, headers: XAPI_HEADERS });
    expect(put.status).toBe(204);
    const fetched = await getStatements(client, { statementId: id });
    expect((await fetched.json()).id).toBe(id);
    const mismatch = await client.request(`/xapi/statements?statementId=${randomUUID()}`, {
      method: 'PUT',
      json: { ...statement, id: randomUUID() },
      headers: XAPI_HEADERS,
    });
    expect(mismatch.status).toBe(400);
    const noId = await client.request('/xapi/statements', { method: 'PUT', json: statement, headers: XAPI_HEADERS });
    expect(noId.status).toBe(400);
  });

  test('set stored, authority and version, overwriting an authority the sender claims', async () => {
    const statement = statementBy(mbox('carol'), server.baseUrl, { authority: mbox('the-boss') });
    await postStatements(client, statement);
    const stored = await (await getStatements(client, { statementId: statement.id as string })).json();
    expect(stored.version).toBe('1.0.0');
    expect(Date.parse(stored.stored)).toBeGreaterThan(Date.now() - 60_000);
    expect(stored.authority).toEqual({ objectType: 'Agent', name: 'LRS 测试客户端', account: { homePage: server.baseUrl, name: expect.stringMatching(/^client:icrm_/) } });
  });

  test('accept an identical re-send and store it once, but answer 409 to the same id with other content', async () => {
    const statement = statementBy(mbox('dave'), server.baseUrl);
    expect((await postStatements(client, statement)).status).toBe(200);
    expect((await postStatements(client, statement)).status).toBe(200);
    const listed = await (await getStatements(client, { agent: JSON.stringify(mbox('dave')) })).json();
    expect(listed.statements).toHaveLength(1);
    const changed = await postStatements(client, { ...statement, verb: verb('completed') });
    expect(changed.status).toBe(409);
    const batchWithConflict = await postStatements(client, [statementBy(mbox('dave'), server.baseUrl), { ...statement, verb: verb('completed') }]);
    expect(batchWithConflict.status).toBe(409);
    // Nothing of a refused batch is stored.
    expect((await (await getStatements(client, { agent: JSON.stringify(mbox('dave')) })).json()).statements).toHaveLength(1);
  });

  test('store a statement once when the same batch arrives twice at the same moment', async () => {
    const batch = Array.from({ length: 50 }, () => statementBy(mbox('erin'), server.baseUrl));
    const [first, second] = await Promise.all([postStatements(client, batch), postStatements(client, batch)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const listed = await (await getStatements(client, { agent: JSON.stringify(mbox('erin')), limit: '100' })).json();
    expect(listed.statements).toHaveLength(50);
  });

  test('answer 400 naming the field for a malformed statement, and store nothing of its batch', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ actor: { mbox: 'alice@example.com' } }, 'actor.mbox'],
      [{ verb: { id: 'not an iri' } }, 'verb.id'],
      [{ timestamp: '2026-13-45' }, 'timestamp'],
      [{ result: { score: { scaled: 2 } } }, 'result.score.scaled'],
      [{ result: { duration: 'ten minutes' } }, 'result.duration'],
      [{ context: { registration: 'abc' } }, 'context.registration'],
      [{ verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'not a tag!': 'x' } } }, 'verb.display'],
      [{ colour: 'blue' }, 'colour'],
      [{ version: '2.0.0' }, 'version'],
      [{ id: 'not-a-uuid' }, 'id'],
    ];
    for (const [overrides, field] of cases) {
      const untouched = statementBy(mbox('frank'), server.baseUrl);
      const response = await postStatements(client, [untouched, statementBy(mbox('frank'), server.baseUrl, overrides)]);
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      expect((await response.json()).message, JSON.stringify(overrides)).toContain(field);
      expect((await getStatements(client, { statementId: untouched.id as string })).status).toBe(404);
    }
  });

  test('refuse a batch with the same id twice', async () => {
    const statement = statementBy(mbox('gina'), server.baseUrl);
    const response = await postStatements(client, [statement, statement]);
    expect(response.status).toBe(400);
  });

  test('answer wrong content types, bad JSON and oversized bodies with clear 4xx errors', async () => {
    const text = await client.request('/xapi/statements', { method: 'POST', body: 'hello', headers: { ...XAPI_HEADERS, 'Content-Type': 'text/plain' } });
    expect(text.status).toBe(415);
    const broken = await client.request('/xapi/statements', { method: 'POST', body: '[{"id":', headers: { ...XAPI_HEADERS, 'Content-Type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: 'malformed_json', message: 'The request body is not valid JSON.' });
    const huge = await client.request('/xapi/statements', {
      method: 'POST',
      body: JSON.stringify([statementBy(mbox('huge'), server.baseUrl, { result: { response: 'x'.repeat(5 * 1024 * 1024) } })]),
      headers: { ...XAPI_HEADERS, 'Content-Type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    // A body beyond what any statement request may carry is refused before it is all read.
    const endless = await client.request('/xapi/statements', {
      method: 'POST',
      body: new Uint8Array(40 * 1024 * 1024).fill(32),
      headers: { ...XAPI_HEADERS, 'Content-Type': 'multipart/mixed; boundary=x' },
    });
    expect(endless.status).toBe(413);
    expect((await endless.json()).error).toBe('payload_too_large');
    // The same without a Content-Length (sent in chunks): refused once the limit is passed, answered all the same.
    const chunk = new Uint8Array(1024 * 1024).fill(32);
    let sent = 0;
    const streamed = await client.request('/xapi/statements', {
      method: 'POST',
      body: new ReadableStream({ pull: (controller) => (sent++ < 40 ? controller.enqueue(chunk) : controller.close()) }),
      duplex: 'half',
      headers: { ...XAPI_HEADERS, 'Content-Type': 'multipart/mixed; boundary=x' },
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});

describe('who may do what', () => {
  test('a learner writes and reads only their own statements', async () => {
    const mine = statementBy(learnerActor, server.baseUrl);
    expect((await postStatements(learner, mine)).status).toBe(200);
    const forged = await postStatements(learner, statementBy(otherActor, server.baseUrl));
    expect(forged.status).toBe(403);
    const theirs = statementBy(otherActor, server.baseUrl);
    expect((await postStatements(other, theirs)).status).toBe(200);
    expect((await getStatements(learner, { statementId: theirs.id as string })).status).toBe(404);
    expect((await getStatements(learner, { agent: JSON.stringify(otherActor) })).status).toBe(403);
    const all = await (await getStatements(learner)).json();
    expect(all.statements.map((statement: { id: string }) => statement.id)).toEqual([mine.id]);
  });

  test('a statement sent from another site with the learner’s cookie is refused and not stored', async () => {
    const statement = statementBy(learnerActor, server.baseUrl);
    const forged = await learner.request('/xapi/statements', {
      method: 'POST',
      body: JSON.stringify([statement]),
      headers: { ...XAPI_HEADERS, 'Content-Type': 'application/json', Origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({ error: 'cross_origin', message: '拒绝来自其他网站的请求。' });
    expect((await getStatements(client, { statementId: statement.id as string })).status).toBe(404);
    // The same statement from the site itself, with the same cookie, is the learner's own.
    expect((await postStatements(learner, statement)).status).toBe(200);
  });

  test('a learner may not claim a final-assessment result or attendance', async () => {
    const passed = statementBy(learnerActor, server.baseUrl, {
      verb: verb('passed'),
      object: { objectType: 'Activity', id: `${server.baseUrl}/xapi/activities/quiz/final-assessment` },
      result: { score: { scaled: 1 }, success: true },
    });
    const attended = statementBy(learnerActor, server.baseUrl, {
      verb: verb('attended'),
      object: { objectType: 'Activity', id: `${server.baseUrl}/xapi/activities/session/ABC123` },
    });
    for (const claim of [passed, attended]) {
      const response = await postStatements(learner, claim);
      expect(response.status).toBe(403);
      expect((await response.json()).message).toContain('recorded by the server only');
    }
    const practice = statementBy(learnerActor, server.baseUrl, {
      verb: verb('passed'),
      object: { objectType: 'Activity', id: `${server.baseUrl}/xapi/activities/quiz/quiz-why-it-matters` },
      result: { score: { scaled: 1 }, success: true },
    });
    expect((await postStatements(learner, practice)).status).toBe(200);
  });

  test('a signed-out request gets 401, and bad Basic credentials get 401 with a challenge', async () => {
    const anonymous = await fetch(`${server.baseUrl}/xapi/statements`, { headers: XAPI_HEADERS });
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${server.baseUrl}/xapi/statements`, { headers: { ...XAPI_HEADERS, Authorization: basicAuth('admin', 'wrong') } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Basic');
    const right = await fetch(`${server.baseUrl}/xapi/statements`, {
      headers: { ...XAPI_HEADERS, Authorization: basicAuth(server.admin.username, server.admin.password) },
    });
    expect(right.status).toBe(200);
  });
});

describe('GET', () => {
  const henry = mbox('henry');
  const registration = randomUUID();
  const ids: string[] = [];
  beforeAll(async () => {
    const lesson = (id: string) => ({ objectType: 'Activity', id: `${server.baseUrl}/xapi/activities/lesson/${id}` });
    const batch = [
      statementBy(henry, server.baseUrl, { object: lesson('a'), context: { registration } }),
      statementBy(henry, server.baseUrl, { object: lesson('b'), verb: verb('completed') }),
      statementBy(henry, server.baseUrl, {
        object: lesson('c'),
        context: { instructor: mbox('ivy'), contextActivities: { parent: [lesson('course-parent')] } },
      }),
    ];
    for (const statement of batch) {
      await postStatements(client, statement);
      ids.push(statement.id as string);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
  const listIds = async (params: Record<string, string>) =>
    ((await (await getStatements(client, params)).json()).statements as { id: string }[]).map((statement) => statement.id);

  test('filters by agent, verb, activity and registration, newest first by default', async () => {
    const agent = JSON.stringify(henry);
    expect(await listIds({ agent })).toEqual([...ids].reverse());
    expect(await listIds({ agent, ascending: 'true' })).toEqual(ids);
    expect(await listIds({ agent, verb: 'http://adlnet.gov/expapi/verbs/completed' })).toEqual([ids[1]]);
    expect(await listIds({ activity: `${server.baseUrl}/xapi/activities/lesson/a` })).toEqual([ids[0]]);
    expect(await listIds({ registration })).toEqual([ids[0]]);
  });

  test('reaches context activities and instructors only with related_activities and related_agents', async () => {
    const parent = `${server.baseUrl}/xapi/activities/lesson/course-parent`;
    expect(await listIds({ activity: parent })).toEqual([]);
    expect(await listIds({ activity: parent, related_activities: 'true' })).toEqual([ids[2]]);
    const ivy = JSON.stringify(mbox('ivy'));
    expect(await listIds({ agent: ivy })).toEqual([]);
    expect(await listIds({ agent: ivy, related_agents: 'true' })).toEqual([ids[2]]);
  });

  test('filters by stored time with since and until', async () => {
    const first = await (await getStatements(client, { statementId: ids[0]! })).json();
    const agent = JSON.stringify(henry);
    expect(await listIds({ agent, since: first.stored, ascending: 'true' })).toEqual(ids.slice(1));
    expect(await listIds({ agent, until: first.stored })).toEqual([ids[0]]);
    const bad = await getStatements(client, { since: 'yesterday' });
    expect(bad.status).toBe(400);
  });

  test('pages with limit and a more link that walks the whole result exactly once', async () => {
    const agent = JSON.stringify(henry);
    const seen: string[] = [];
    let response = await (await getStatements(client, { agent, limit: '2', ascending: 'true' })).json();
    seen.push(...response.statements.map((statement: { id: string }) => statement.id));
    expect(response.more).toMatch(/^\/xapi\/statements\?/);
    // A statement stored between pages does not shift the pages already promised.
    await postStatements(client, statementBy(henry, server.baseUrl));
    response = await (await client.request(response.more, { headers: XAPI_HEADERS })).json();
    seen.push(...response.statements.map((statement: { id: string }) => statement.id));
    expect(response.more).toBe('');
    expect(seen).toEqual(ids);
  });

  test('refuses absurd limits, unknown parameters and statementId mixed with filters', async () => {
    for (const params of <Record<string, string>[]>[{ limit: '-1' }, { limit: 'lots' }, { colour: 'blue' }, { statementId: ids[0]!, verb: 'http://x.y/z' }, { format: 'xml' }, { ascending: 'yes' }]) {
      expect((await getStatements(client, params)).status, JSON.stringify(params)).toBe(400);
    }
    const capped = await getStatements(client, { limit: '100000000' });
    expect(capped.status).toBe(200);
  });

  test('sends Consistent-Through and Last-Modified, and HEAD answers the same without a body', async () => {
    const response = await getStatements(client, { statementId: ids[0]! });
    const statement = await response.json();
    expect(Date.parse(response.headers.get('x-experience-api-consistent-through')!)).not.toBeNaN();
    expect(response.headers.get('last-modified')).toBe(new Date(Date.parse(statement.stored)).toUTCString());
    const head = await client.request(`/xapi/statements?statementId=${ids[0]}`, { method: 'HEAD', headers: XAPI_HEADERS });
    expect(head.status).toBe(200);
    expect(head.headers.get('last-modified')).toBe(response.headers.get('last-modified'));
    expect(await head.text()).toBe('');
  });

  test('format=ids keeps only identifiers and format=canonical keeps one language', async () => {
    const ids0 = await (await getStatements(client, { statementId: ids[0]!, format: 'ids' })).json();
    expect(ids0.actor).toEqual({ objectType: 'Agent', mbox: 'mailto:henry@example.com' });
    expect(ids0.verb).toEqual({ id: 'http://adlnet.gov/expapi/verbs/experienced' });
    const canonical = await (await getStatements(client, { statementId: ids[0]!, format: 'canonical' }, { 'Accept-Language': 'en-US' })).json();
    expect(canonical.verb.display).toEqual({ 'en-US': 'experienced' });
  });
});

describe('voiding', () => {
  test('hides a voided statement from queries, keeps it under voidedStatementId, and returns the voiding statement', async () => {
    const target = statementBy(mbox('jack'), server.baseUrl);
    await postStatements(client, target);
    const voiding = statementBy(mbox('jack'), server.baseUrl, {
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
      object: { objectType: 'StatementRef', id: target.id },
    });
    expect((await postStatements(client, voiding)).status).toBe(200);
    expect((await getStatements(client, { statementId: target.id as string })).status).toBe(404);
    const kept = await getStatements(client, { voidedStatementId: target.id as string });
    expect(kept.status).toBe(200);
    expect((await kept.json()).id).toBe(target.id);
    const listed = await (await getStatements(client, { agent: JSON.stringify(mbox('jack')) })).json();
    expect(listed.statements.map((statement: { id: string }) => statement.id)).toEqual([voiding.id]);
    const voidTheVoid = statementBy(mbox('jack'), server.baseUrl, {
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: voiding.id },
    });
    expect((await postStatements(client, voidTheVoid)).status).toBe(400);
  });
});

describe('attachments', () => {
  function multipart(statement: unknown, parts: { body: Buffer; contentType: string }[]): { body: Buffer; contentType: string } {
    const boundary = `b-${randomUUID()}`;
    const chunks: Buffer[] = [
      Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(statement)}\r\n`),
    ];
    for (const part of parts) {
      const sha2 = createHash('sha256').update(part.body).digest('hex');
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Type: ${part.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${sha2}\r\n\r\n`),
        part.body,
        Buffer.from('\r\n'),
      );
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return { body: Buffer.concat(chunks), contentType: `multipart/mixed; boundary=${boundary}` };
  }

  test('stores an attachment sent in multipart/mixed and returns it with attachments=true', async () => {
    const content = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0x0d, 0x0a]);
    const sha2 = createHash('sha256').update(content).digest('hex');
    const statement = statementBy(mbox('kate'), server.baseUrl, {
      attachments: [{ usageType: 'http://id.tincanapi.com/attachment/supporting_media', display: { 'zh-CN': '截图' }, contentType: 'image/png', length: content.length, sha2 }],
    });
    const { body, contentType } = multipart(statement, [{ body: content, contentType: 'image/png' }]);
    const posted = await client.request('/xapi/statements', { method: 'POST', body: new Uint8Array(body), headers: { ...XAPI_HEADERS, 'Content-Type': contentType } });
    expect(posted.status, await posted.clone().text()).toBe(200);
    const plain = await getStatements(client, { statementId: statement.id as string });
    expect(plain.headers.get('content-type')).toContain('application/json');
    const withParts = await getStatements(client, { statementId: statement.id as string, attachments: 'true' });
    expect(withParts.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary=/);
    const raw = Buffer.from(await withParts.arrayBuffer());
    expect(raw.includes(content)).toBe(true);
    expect(raw.toString('latin1')).toContain(`X-Experience-API-Hash: ${sha2}`);
  });

  test('refuses a statement whose attachment part is missing or does not match its hash', async () => {
    const content = Buffer.from('report body');
    const statement = statementBy(mbox('kate'), server.baseUrl, {
      attachments: [{ usageType: 'http://id.tincanapi.com/attachment/supporting_media', display: { 'en-US': 'report' }, contentType: 'text/plain', length: content.length, sha2: createHash('sha256').update('something else').digest('hex') }],
    });
    const { body, contentType } = multipart(statement, [{ body: content, contentType: 'text/plain' }]);
    const response = await client.request('/xapi/statements', { method: 'POST', body: new Uint8Array(body), headers: { ...XAPI_HEADERS, 'Content-Type': contentType } });
    expect(response.status).toBe(400);
    const jsonOnly = await postStatements(client, statementBy(mbox('kate'), server.baseUrl, { attachments: (statement as { attachments: unknown[] }).attachments }));
    expect(jsonOnly.status).toBe(400);
  });

  test('accepts a correctly signed statement and refuses one whose signature does not cover it', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const base = statementBy(mbox('leo'), server.baseUrl);
    const sign = async (payload: unknown) =>
      Buffer.from(await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'RS256' }).sign(privateKey));
    const signedStatement = async (payload: unknown, subject: Record<string, unknown>) => {
      const jws = await sign(payload);
      const statement = {
        ...subject,
        attachments: [{ usageType: 'http://adlnet.gov/expapi/attachments/signature', display: { 'en-US': 'signature' }, contentType: 'application/octet-stream', length: jws.length, sha2: createHash('sha256').update(jws).digest('hex') }],
      };
      return multipart(statement, [{ body: jws, contentType: 'application/octet-stream' }]);
    };
    const good = await signedStatement(base, base);
    const accepted = await client.request('/xapi/statements', { method: 'POST', body: new Uint8Array(good.body), headers: { ...XAPI_HEADERS, 'Content-Type': good.contentType } });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const other = statementBy(mbox('leo'), server.baseUrl);
    const bad = await signedStatement({ ...other, verb: verb('completed') }, other);
    const refused = await client.request('/xapi/statements', { method: 'POST', body: new Uint8Array(bad.body), headers: { ...XAPI_HEADERS, 'Content-Type': bad.contentType } });
    expect(refused.status).toBe(400);
  });
});
