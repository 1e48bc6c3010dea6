import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CourseContext } from '../../src/core/course/course-context.ts';
import type { LearnerReport } from '../../src/core/progress/learner-report.ts';
import { createStatementFactory } from '../../src/core/statements/builders.ts';
import type { Agent, Statement } from '../../src/core/statements/xapi.ts';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';
import { asServer } from '../support/statements.ts';
import { runUserCommand } from '../support/user-command.ts';

let server: SiteServer;
let browser: Browser;
const learner = { username: 'xiaoli', password: 'xiaoli-password-2026', displayName: '小李' };

beforeAll(async () => {
  server = await startSiteServer();
  browser = await launchBrowser();
  const created = await runUserCommand(
    server.dataDir,
    ['create', learner.username, '--role', 'learner', '--name', learner.displayName, '--password-stdin'],
    `${learner.password}\n`,
  );
  if (created.status !== 0) throw new Error(created.stderr);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newDevice(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
}

async function signInThroughPage(page: Page, next: string): Promise<void> {
  await page.goto(`${server.baseUrl}/signin/?next=${encodeURIComponent(next)}`);
  await page.locator('#username').fill(learner.username);
  await page.locator('#password').fill(learner.password);
  await Promise.all([page.waitForURL(`${server.baseUrl}${next}`), page.locator('form.stacked-form button[type=submit]').click()]);
}

/** Scrolls through the whole lesson the way a reader does, a screen at a time. */
async function readToEnd(page: Page): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const atBottom = await page.evaluate(() => {
      window.scrollBy(0, window.innerHeight * 0.8);
      return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
    });
    await page.waitForTimeout(60);
    if (atBottom) return;
  }
}

/** Writes records into the device database the way another build (or a damaged disk) left them, bypassing the app. */
async function putDeviceRecords(page: Page, store: string, records: unknown[]): Promise<void> {
  await page.evaluate(
    ({ store, records }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('icrm-learning');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(store, 'readwrite');
          for (const record of records) tx.objectStore(store).put(record);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { store, records },
  );
}

async function deviceProfile(page: Page): Promise<{ anonymousId: string; registrations: Record<string, string> }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('icrm-learning');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('profile').objectStore('profile').get('learner');
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

const embeddedContext = (page: Page) =>
  page.evaluate(() => JSON.parse(document.getElementById('icrm-course-context')!.textContent!) as CourseContext);

const reportText = (page: Page, marker: string) => page.locator(`[${marker}]`).innerText();

describe('我的学习报告 of a signed-in learner', () => {
  test('shows the server’s figures with the sync state, a refused record’s reason in plain words, and the device’s while offline', async () => {
    const device = await newDevice();
    const page = await device.newPage();
    await signInThroughPage(page, '/courses/icrm/course-introduction/');
    await readToEnd(page);
    await expect
      .poll(() => page.locator('[data-lesson-progress-label]').innerText(), { timeout: 15_000 })
      .toBe('已读完 · 通过本课练习即完成本课');

    // A record no learner may write (a final-assessment result), as an older or tampered page might have left it.
    const me = (await page.evaluate(async () => (await fetch('/api/me')).json())) as {
      id: string;
      actor: Agent;
      registrations: { icrm: string };
    };
    const claim = createStatementFactory({
      origin: server.baseUrl,
      actor: me.actor,
      registration: me.registrations.icrm,
      contentVersion: 'v1',
      course: { id: 'icrm', title: '内部客户关系管理培训' },
    }).quizFinished({ id: 'final-assessment', title: '结业测验' }, { passed: true, raw: 20, max: 20, activeMs: 1000 });
    await putDeviceRecords(page, 'statements', [
      { id: claim.id, statement: claim, synced: 0, recordedAt: Date.now(), actorKey: `account:${me.id}` },
    ]);

    await page.goto(`${server.baseUrl}/report/`);
    await expect.poll(() => page.locator('#sync-status').innerText(), { timeout: 30_000 }).toBe('同步失败（1 条记录被拒收：只能由服务器记录）');
    const report = page.locator('[data-report]');
    // Once the figures are those of the server after the sync, both sides hold the same records.
    await expect
      .poll(() => reportText(page, 'data-report-counts'), { timeout: 15_000 })
      .toMatch(/^服务器 (\d+) 条 · 本机 \1 条$/);
    expect(await report.getAttribute('data-report-source')).toBe('server');
    expect(await reportText(page, 'data-report-note')).toMatch(/^以下数字来自服务器（截至 .+），与人力资源部门看到的一致。$/);
    expect(await reportText(page, 'data-report-pending')).toBe('本机的记录都已同步');
    expect(await reportText(page, 'data-report-last-sync')).toMatch(/\d{1,2}:\d{2}/);
    expect(await page.locator('[data-report-sync]').innerText()).toContain(learner.displayName);
    const refused = page.locator('[data-report-rejected] li');
    expect(await refused.count()).toBe(1);
    expect(await refused.innerText()).toContain('通过了 结业测验');
    expect(await refused.innerText()).toContain('结业测验成绩和课堂签到只能由服务器记录，这台设备上记下的不予接收。');
    expect(await page.getByRole('heading', { name: '服务器拒收的记录（1 条）' }).isVisible()).toBe(true);

    // The figures are the ones the server gives HR: the same report as GET /api/me/report.
    const http = new HttpSession(server);
    await http.signIn(learner.username, learner.password);
    const fromServer = (await (await http.request('/api/me/report')).json()) as LearnerReport;
    expect(fromServer.report.lessons[0]).toMatchObject({ id: 'course-introduction', status: 'in-progress', share: 1 });
    expect(fromServer.report.assessment.attempts).toBe(0);
    expect(await reportText(page, 'data-report-overall')).toBe(`${Math.round(fromServer.report.share * 100)}%`);
    expect(await page.locator('[data-report-lessons] tbody tr').first().innerText()).toMatch(/^课程导引\s+学习中\s+100%/);
    expect(await reportText(page, 'data-report-assessment')).toBe('尚未参加');
    expect(await reportText(page, 'data-report-status')).toBe('学习中');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Offline, the page (from the cache) shows the device's record and what waits to be sent.
    await device.setOffline(true);
    await page.goto(`${server.baseUrl}/courses/icrm/what-is-an-internal-customer/`);
    await page.locator('.prose h2').nth(1).scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('[data-lesson-progress-label]').innerText(), { timeout: 15_000 }).toMatch(/^已读 [1-9]\d*%$/);
    await page.goto(`${server.baseUrl}/report/`);
    await expect.poll(() => report.getAttribute('data-report-source'), { timeout: 15_000 }).toBe('device');
    expect(await reportText(page, 'data-report-note')).toBe('当前离线：以下是这台设备上的学习记录。联网后会显示服务器上的结果。');
    expect(await reportText(page, 'data-report-pending')).toMatch(/^[1-9]\d* 条记录等待同步$/);
    expect(await reportText(page, 'data-report-offline')).toBe('离线：新的学习记录先保存在这台设备上，联网后会自动同步。');
    expect(await page.locator('[data-report-lessons] tbody tr').nth(1).innerText()).toMatch(/^什么是内部客户\s+学习中\s+[1-9]\d*%/);
    // The header still names the account, not 登录, and says that records wait for the network.
    await expect
      .poll(() => page.locator('#account-name').evaluate((element: HTMLElement) => (element.hidden ? '' : element.textContent)), { timeout: 15_000 })
      .toContain(learner.displayName);
    expect(await page.locator('#signin-link').evaluate((element: HTMLElement) => element.hidden)).toBe(true);
    expect(await page.locator('#sync-status').evaluate((element: HTMLElement) => (element.hidden ? '' : element.textContent))).toMatch(/[1-9]\d*/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Back online, the waiting records are sent and the server's figures include them.
    await device.setOffline(false);
    await page.reload();
    await expect.poll(() => reportText(page, 'data-report-pending'), { timeout: 30_000 }).toBe('本机的记录都已同步');
    await expect.poll(() => report.getAttribute('data-report-source'), { timeout: 15_000 }).toBe('server');
    await expect
      .poll(() => page.locator('[data-report-lessons] tbody tr').nth(1).innerText(), { timeout: 15_000 })
      .toMatch(/^什么是内部客户\s+学习中\s+[1-9]\d*%/);
    await device.close();
  });

  test('says plainly when the server cannot give the report, shows the device’s meanwhile, and tries again when asked', async () => {
    // Without the service worker the page's own requests can be made to fail, as a server in trouble would.
    const device = await newDevice({ serviceWorkers: 'block' });
    const page = await device.newPage();
    await signInThroughPage(page, '/courses/icrm/');
    await page.route('**/api/me/report', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"unavailable","message":"down for maintenance"}' }),
    );
    // No sync engine on this page (it starts only when /api/me names someone): a sync ending would ask for the report
    // again by itself, and only 重试 may do that here.
    await page.route('**/api/me', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":"unauthorized"}' }));
    await page.goto(`${server.baseUrl}/report/`);
    const note = page.locator('[data-report-note]');
    await expect.poll(() => note.innerText(), { timeout: 15_000 }).toBe('暂时读不到服务器上的报告（服务器错误 503），以下是这台设备上的学习记录。 重试');
    expect(await note.getAttribute('role')).toBe('alert');
    expect(await page.locator('[data-report]').getAttribute('data-report-source')).toBe('device');

    await page.unroute('**/api/me/report');
    await page.getByRole('button', { name: '重试' }).click();
    await expect.poll(() => page.locator('[data-report]').getAttribute('data-report-source'), { timeout: 15_000 }).toBe('server');
    await device.close();
  });
});

describe('我的学习报告 on a device nobody signed in on', () => {
  test('says the report is computed from this device only and offers to sign in', async () => {
    const device = await newDevice();
    const page = await device.newPage();
    await page.goto(`${server.baseUrl}/courses/icrm/course-introduction/`);
    await expect.poll(() => page.locator('[data-lesson-progress-label]').innerText()).toMatch(/^已读 \d+%$/);
    await page.goto(`${server.baseUrl}/report/`);
    await page.locator('[data-report-lessons]').waitFor();
    expect(await page.locator('[data-report]').getAttribute('data-report-source')).toBe('device');
    expect(await page.locator('[data-report-note]').innerText()).toBe(
      '你还没有登录：这份报告只根据这台设备上的学习记录计算，也只保存在这台设备上。 登录后同步到你的账号',
    );
    expect(await page.getByRole('link', { name: '登录后同步到你的账号' }).getAttribute('href')).toBe('/signin/?next=%2Freport%2F');
    expect(await page.locator('[data-report-sync]').count()).toBe(0);
    await device.close();
  });

  test('shows a certificate whose validity has run out as 已过期 · 需要重新认证, and what to do again', async () => {
    const device = await newDevice();
    const page = await device.newPage();
    await page.goto(`${server.baseUrl}/courses/icrm/course-introduction/`);
    await expect.poll(() => page.locator('[data-lesson-progress-label]').innerText()).toMatch(/^已读 \d+%$/);
    const { model } = await embeddedContext(page);
    const profile = await deviceProfile(page);

    // Everything the course requires, done 26 months ago; the certificate is valid for 24.
    let clock = Date.now() - 26 * 31 * 24 * 3600_000;
    const factory = createStatementFactory({
      origin: server.baseUrl,
      actor: { objectType: 'Agent', account: { homePage: `${server.baseUrl}/xapi/anonymous`, name: profile.anonymousId } },
      registration: profile.registrations.icrm!,
      contentVersion: 'v1',
      course: { id: model.id, title: model.title },
      now: () => new Date((clock += 60_000)),
    });
    const journey: Statement[] = [
      ...model.lessons.map((lesson) => factory.lessonCompleted(lesson, 60_000)),
      ...model.quizzes.map((quiz) => factory.quizFinished(quiz, { passed: true, raw: 4, max: 4, activeMs: 1000 })),
      ...model.scenarios.map((scenario) =>
        factory.scenarioCompleted(scenario, { endingId: 'x', rating: 'best', principleScores: {}, path: [], scaled: 1, activeMs: 1000 }),
      ),
      // The final assessment as the server records it, pulled onto the device by an earlier sync.
      asServer(factory.quizFinished(model.finalAssessment, { passed: true, raw: 18, max: 20, activeMs: 1000 }), server.baseUrl),
    ];
    await putDeviceRecords(
      page,
      'statements',
      journey.map((statement, i) => ({
        id: statement.id,
        statement,
        synced: 1,
        recordedAt: Date.parse(statement.timestamp) + i,
        actorKey: `account:${profile.anonymousId}`,
      })),
    );

    await page.goto(`${server.baseUrl}/report/`);
    await expect.poll(() => page.locator('[data-report-status]').innerText(), { timeout: 15_000 }).toBe('已过期 · 需要重新认证');
    expect(await page.locator('[data-report-status]').getAttribute('data-report-status')).toBe('expired');
    expect(await page.locator('[data-report-validity]').innerText()).toMatch(/^证书已于 \d{4}年\d{1,2}月\d{1,2}日 到期$/);
    const recertify = page.locator('[data-report-recertify]');
    expect(await recertify.getByRole('heading', { name: '需要重新认证' }).isVisible()).toBe(true);
    expect(await recertify.innerText()).toMatch(/证书有效期 24 个月，已于 .+ 到期。重新认证需要再次通过结业测验（及格线 80%），测验次数重新计算/);
    expect(await recertify.getByRole('link', { name: '参加结业测验，重新认证' }).getAttribute('href')).toBe('/courses/icrm/assessment/');
    expect(await page.locator('[data-report-remaining] li').allInnerTexts()).toEqual(['再次通过结业测验（及格线 80%），完成重新认证']);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await device.close();
  });
});

describe('a device whose learning database was damaged', () => {
  test('is rebuilt with every statement kept, unsynced ones included, and the learner is told so', async () => {
    const device = await newDevice();
    const page = await device.newPage();
    // A page that does not open the learning database, so the damaged one is in place before the app first opens it.
    await page.goto(`${server.baseUrl}/about/`);
    const origin = server.baseUrl;
    const actor = { objectType: 'Agent' as const, account: { homePage: `${origin}/xapi/anonymous`, name: 'anon-damaged' } };
    const factory = createStatementFactory({
      origin,
      actor,
      registration: '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5',
      contentVersion: 'v1',
      course: { id: 'icrm', title: '内部客户关系管理培训' },
    });
    const opened = factory.lessonExperienced({ id: 'shared-goals', title: '共同目标' });
    const completed = factory.lessonCompleted({ id: 'course-introduction', title: '课程导引' }, 120_000);
    await page.evaluate(
      ({ opened, completed }) =>
        new Promise<void>((resolve, reject) => {
          // A layout no upgrade can reach: the log keyed by a counter instead of the statement id.
          const request = indexedDB.open('icrm-learning', 10);
          request.onupgradeneeded = () => {
            const log = request.result.createObjectStore('statements', { autoIncrement: true });
            log.put({ id: opened.id, statement: opened, synced: 1, recordedAt: 1 });
            log.put({ id: completed.id, statement: completed, synced: 0, recordedAt: 2 });
            log.put({ statement: 'half-written' });
            request.result
              .createObjectStore('profile', { keyPath: 'key' })
              .put({ key: 'learner', anonymousId: 'anon-damaged', registrations: { icrm: '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5' } });
          };
          request.onsuccess = () => {
            request.result.close();
            resolve();
          };
          request.onerror = () => reject(request.error);
        }),
      { opened, completed },
    );

    await page.goto(`${server.baseUrl}/report/`);
    const alert = page.locator('#device-alert');
    await expect.poll(() => alert.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.locator('p').allInnerTexts()).toEqual([
      '本机的学习记录数据库损坏过，已经自动修复：保留了 2 条学习记录，其中 1 条还没有同步到服务器，登录并联网后会照常同步。',
      '有 1 条学习记录已经无法读取，已另行保存在本机，没有删除。需要找回时，请联系培训管理员。',
    ]);
    // Both statements count in the report of the same anonymous learner.
    const rows = page.locator('[data-report-lessons] tbody tr');
    await expect.poll(() => rows.first().innerText()).toMatch(/^课程导引\s+已完成\s+100%/);
    expect(await page.getByRole('row', { name: /^共同目标/ }).innerText()).toMatch(/^共同目标\s+学习中/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The next page opens the repaired database as it is, with nothing more to say.
    await page.reload();
    await rows.first().waitFor();
    expect(await alert.isHidden()).toBe(true);
    await device.close();
  });
});
