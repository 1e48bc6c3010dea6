import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { basicAuth, HttpSession } from '../support/http-client.ts';
import { runUserCommand } from '../support/user-command.ts';

let server: SiteServer;

beforeAll(async () => {
  server = await startSiteServer();
});
afterAll(async () => {
  await server?.stop();
});

async function adminSession(): Promise<HttpSession> {
  const admin = new HttpSession(server);
  await admin.signIn(server.admin.username, server.admin.password);
  return admin;
}

/** Creates an account through the admin page and returns its invite path. */
async function createThroughAdminPage(admin: HttpSession, fields: Record<string, string>): Promise<string> {
  const response = await admin.request('/admin/', { method: 'POST', form: { action: 'create-user', ...fields } });
  const html = await response.text();
  expect(response.status, html).toBe(200);
  const link = /data-secret>([^<]+)</.exec(html)?.[1];
  expect(link).toMatch(/\/invite\/[\w-]+\/$/);
  return new URL(link!).pathname;
}

describe('the first start', () => {
  test('creates the admin from ADMIN_USER and ADMIN_PASSWORD, who can sign in and see who they are', async () => {
    const admin = await adminSession();
    const me = await admin.request('/api/me');
    expect(me.status).toBe(200);
    const body = await me.json();
    expect(body).toMatchObject({ username: 'admin', roles: ['admin'] });
    expect(body.actor).toEqual({
      objectType: 'Agent',
      name: '管理员',
      account: { homePage: server.baseUrl, name: body.id },
    });
  });

  test('prints a random admin password once when none is given, and never again on restart', async () => {
    const fresh = await startSiteServer({ env: { ADMIN_PASSWORD: '', ADMIN_USER: 'chief' } });
    try {
      const password = /初始密码：(\S+)/.exec(fresh.output())?.[1];
      expect(password, fresh.output()).toBeTruthy();
      const chief = new HttpSession(fresh);
      await chief.signIn('chief', password!);
      await fresh.stop('SIGKILL');
      const again = await startSiteServer({ dataDir: fresh.dataDir, env: { ADMIN_PASSWORD: '', ADMIN_USER: 'chief' } });
      expect(again.output()).not.toContain('初始密码');
      await again.stop();
    } finally {
      await fresh.stop();
    }
  });
});

describe('sign-in', () => {
  test('answers 401 with one message whether the name or the password is wrong', async () => {
    const visitor = new HttpSession(server);
    const wrongPassword = await visitor.request('/api/auth/signin', { method: 'POST', json: { username: 'admin', password: 'not-the-password' } });
    const wrongName = await visitor.request('/api/auth/signin', { method: 'POST', json: { username: 'nobody-here', password: 'whatever-123' } });
    expect(wrongPassword.status).toBe(401);
    expect(wrongName.status).toBe(401);
    expect((await wrongPassword.json()).message).toBe((await wrongName.json()).message);
  });

  test('sets an HttpOnly SameSite=Lax session cookie that signing out revokes on the server', async () => {
    const response = await fetch(`${server.baseUrl}/api/auth/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.baseUrl },
      body: JSON.stringify({ username: server.admin.username, password: server.admin.password }),
    });
    const cookie = response.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^icrm_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const stolen = cookie.split(';')[0]!;
    const signOut = await fetch(`${server.baseUrl}/api/auth/signout`, { method: 'POST', headers: { Cookie: stolen, Origin: server.baseUrl } });
    expect(signOut.status).toBe(204);
    // A copy of the cookie kept by someone else no longer works either.
    const me = await fetch(`${server.baseUrl}/api/me`, { headers: { Cookie: stolen } });
    expect(me.status).toBe(401);
  });

  test('signs in through the Chinese form and returns to the page asked for, never to another site', async () => {
    const page = await fetch(`${server.baseUrl}/signin/`);
    const html = await page.text();
    expect(html).toContain('<label for="username">');
    expect(html).toContain('用户名');
    const form = { username: server.admin.username, password: server.admin.password };
    const visitor = new HttpSession(server);
    const back = await visitor.request('/signin/?next=/report/', { method: 'POST', form });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/report/');
    const away = await new HttpSession(server).request('/signin/?next=//evil.example/', { method: 'POST', form });
    expect(away.headers.get('location')).toBe('/');
  });

  test('shows what went wrong on the form without saying whether the name exists', async () => {
    const response = await new HttpSession(server).request('/signin/', { method: 'POST', form: { username: 'ghost', password: 'wrong-password' } });
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('用户名或密码不正确');
    expect(html).toContain('value="ghost"');
  });

  test('locks an account for a while after five wrong passwords, with a 429 that says how long to wait', async () => {
    const admin = await adminSession();
    await createThroughAdminPage(admin, { username: 'lock-me', displayName: '锁定测试', role: 'learner' });
    const attacker = new HttpSession(server);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const response = await attacker.request('/api/auth/signin', { method: 'POST', json: { username: 'lock-me', password: `guess-${attempt}-xx` } });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await response.json()).message).toMatch(/登录失败次数过多，请在 \d+ (秒|分钟)后再试/);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  test('refuses a sign-in posted from another site', async () => {
    const response = await fetch(`${server.baseUrl}/api/auth/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({ username: server.admin.username, password: server.admin.password }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'cross_origin', message: '拒绝来自其他网站的请求。' });
  });

  test('answers bad bodies with clear 4xx errors', async () => {
    const visitor = new HttpSession(server);
    const notJson = await visitor.request('/api/auth/signin', { method: 'POST', body: '{"username":', headers: { 'Content-Type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toBe('malformed_json');
    const wrongType = await visitor.request('/api/auth/signin', { method: 'POST', body: 'hello', headers: { 'Content-Type': 'text/plain' } });
    expect(wrongType.status).toBe(415);
    const huge = await visitor.request('/api/auth/signin', { method: 'POST', json: { username: 'a', password: 'x'.repeat(10_000) } });
    expect(huge.status).toBe(413);
    const missing = await visitor.request('/api/auth/signin', { method: 'POST', json: { username: 'a' } });
    expect(missing.status).toBe(400);
    expect((await missing.json()).message).toContain('password');
  });
});

describe('invites', () => {
  test('let a new user set a first password once, then sign in with it', async () => {
    const admin = await adminSession();
    const invitePath = await createThroughAdminPage(admin, { username: 'li.na', displayName: '李娜', department: '财务部', role: 'learner' });
    const newcomer = new HttpSession(server);
    const form = await newcomer.request(invitePath);
    const html = await form.text();
    expect(html).toContain('你好，李娜');
    // The link's secret never leaves the site in a Referer header (and form posts keep their Origin for the CSRF check).
    expect(form.headers.get('referrer-policy')).toBe('same-origin');
    const tooShort = await newcomer.request(invitePath, { method: 'POST', form: { password: 'short', confirm: 'short' } });
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain('密码至少需要 10 个字符');
    const set = await newcomer.request(invitePath, { method: 'POST', form: { password: 'a-good-password', confirm: 'a-good-password' } });
    expect(set.status).toBe(303);
    expect((await (await newcomer.request('/api/me')).json()).displayName).toBe('李娜');
    const reused = await new HttpSession(server).request(invitePath);
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain('这个邀请链接已失效');
    await new HttpSession(server).signIn('li.na', 'a-good-password');
  });
});

describe('roles', () => {
  test('keep learners out of the admin page and send signed-out visitors to sign in', async () => {
    const signedOut = await fetch(`${server.baseUrl}/admin/`, { redirect: 'manual' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/signin/?next=%2Fadmin%2F');
    expect((await fetch(`${server.baseUrl}/api/me`)).status).toBe(401);
    const admin = await adminSession();
    const invitePath = await createThroughAdminPage(admin, { username: 'plain-learner', displayName: '普通学员', role: 'learner' });
    const learner = new HttpSession(server);
    await learner.request(invitePath, { method: 'POST', form: { password: 'learner-password', confirm: 'learner-password' } });
    const page = await learner.request('/admin/');
    expect(page.status).toBe(403);
    const action = await learner.request('/admin/', { method: 'POST', form: { action: 'create-client', name: 'sneaky' } });
    expect(action.status).toBe(403);
    expect(await action.text()).not.toContain('sneaky');
  });

  test('disabling an account ends its sessions at once', async () => {
    const admin = await adminSession();
    const invitePath = await createThroughAdminPage(admin, { username: 'leaver', displayName: '离职员工', role: 'learner' });
    const leaver = new HttpSession(server);
    await leaver.request(invitePath, { method: 'POST', form: { password: 'leaver-password', confirm: 'leaver-password' } });
    expect((await leaver.request('/api/me')).status).toBe(200);
    const users = await (await admin.request('/admin/')).text();
    const userId = new RegExp(`data-username="leaver"[\\s\\S]*?name="userId" value="([^"]+)"`).exec(users)![1]!;
    const disabled = await admin.request('/admin/', { method: 'POST', form: { action: 'disable', userId } });
    expect(await disabled.text()).toContain('已停用 leaver');
    expect((await leaver.request('/api/me')).status).toBe(401);
  });
});

describe('npm run user', () => {
  test('creates an account with a password from standard input, and an API client whose secret works once printed', async () => {
    const created = await runUserCommand(server.dataDir, ['create', 'zhang.wei', '--role', 'hr', '--name', '张伟', '--department', '人力资源部', '--password-stdin'], 'zhang-wei-password\n');
    expect(created.stdout).toContain('已创建账号 zhang.wei（张伟，角色：hr）');
    const hr = new HttpSession(server);
    await hr.signIn('zhang.wei', 'zhang-wei-password');
    expect(await (await hr.request('/api/me')).json()).toMatchObject({ roles: ['hr'], department: '人力资源部' });

    const invited = await runUserCommand(server.dataDir, ['create', 'wang.fang', '--role', 'facilitator']);
    expect(invited.stdout).toMatch(/邀请链接（7 天内有效，只能使用一次）：\nhttp:\/\/localhost:4321\/invite\/[\w-]+\//);

    const client = await runUserCommand(server.dataDir, ['client', '报表系统']);
    const key = /key: (\S+)/.exec(client.stdout)![1]!;
    const secret = /secret: (\S+)/.exec(client.stdout)![1]!;
    const about = await fetch(`${server.baseUrl}/xapi/statements`, {
      headers: { Authorization: basicAuth(key, secret), 'X-Experience-API-Version': '1.0.3' },
    });
    expect(about.status).toBe(200);
    const wrong = await fetch(`${server.baseUrl}/xapi/statements`, {
      headers: { Authorization: basicAuth(key, `${secret}x`), 'X-Experience-API-Version': '1.0.3' },
    });
    expect(wrong.status).toBe(401);
  });

  test('refuses an unknown role with the list of roles', async () => {
    const result = await runUserCommand(server.dataDir, ['create', 'someone', '--role', 'boss']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('learner、facilitator、hr、admin');
  });
});

describe('personal data', () => {
  test('an admin deletes a learner and their statements, and the audit log keeps only who and when', async () => {
    const admin = await adminSession();
    const invitePath = await createThroughAdminPage(admin, { username: 'forget-me', displayName: '要求删除的学员', role: 'learner' });
    const learner = new HttpSession(server);
    await learner.request(invitePath, { method: 'POST', form: { password: 'forget-me-password', confirm: 'forget-me-password' } });
    const me = await (await learner.request('/api/me')).json();
    const statement = {
      id: crypto.randomUUID(),
      actor: me.actor,
      verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
      object: { id: `${server.baseUrl}/xapi/activities/lesson/why-it-matters` },
      timestamp: new Date().toISOString(),
    };
    const posted = await learner.request('/xapi/statements', { method: 'POST', json: statement, headers: { 'X-Experience-API-Version': '1.0.3' } });
    expect(posted.status).toBe(200);
    const deleted = await admin.request('/admin/', { method: 'POST', form: { action: 'delete-data', userId: me.id } });
    const html = await deleted.text();
    expect(html).toContain('已删除 forget-me 的账号和 1 条学习记录');
    expect(html).toContain('account.erase-personal-data');
    expect(html).not.toContain('要求删除的学员');
    const lookup = await admin.request(`/xapi/statements?statementId=${statement.id}`, { headers: { 'X-Experience-API-Version': '1.0.3' } });
    expect(lookup.status).toBe(404);
    expect((await learner.request('/api/me')).status).toBe(401);
  });
});
