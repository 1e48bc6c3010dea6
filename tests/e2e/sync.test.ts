import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Statement } from '../../src/core/statements/xapi.ts';
import { launchBrowser } from '../support/browser.ts';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';
import { runUserCommand } from '../support/user-command.ts';

let server: SiteServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const learner = { username: 'xiaowang', password: 'xiaowang-password-2026', displayName: '小王' };

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

async function newDevice(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  contexts.push(context);
  return context;
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

/** Reads the device's statement log straight from IndexedDB, as evidence independent of the page's own code. */
async function deviceStatements(page: Page): Promise<Statement[]> {
  return page.evaluate(
    () =>
      new Promise<Statement[]>((resolve, reject) => {
        const open = indexedDB.open('icrm-learning');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('statements').objectStore('statements').getAll();
          request.onsuccess = () => resolve(request.result.map((record: { statement: Statement }) => record.statement));
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

async function signInThroughPage(page: Page, next: string): Promise<void> {
  await page.goto(`${server.baseUrl}/signin/?next=${encodeURIComponent(next)}`);
  await page.locator('#username').fill(learner.username);
  await page.locator('#password').fill(learner.password);
  await Promise.all([page.waitForURL(`${server.baseUrl}${next}`), page.locator('form.stacked-form button[type=submit]').click()]);
}

const syncStatus = (page: Page) => page.locator('#sync-status').innerText();

/** Waits until the report shows the server's figures as of the last sync: the server and the device hold as many records. */
async function settledReport(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('[data-report-counts]').innerText(), { timeout: 15_000 })
    .toMatch(/^服务器 (\d+) 条 · 本机 \1 条$/);
  await expect.poll(() => page.locator('[data-report]').getAttribute('aria-busy'), { timeout: 15_000 }).toBe('false');
}

async function reportRows(page: Page): Promise<string[][]> {
  await page.locator('[data-report-lessons]').waitFor();
  return page
    .locator('[data-report-lessons] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell as HTMLElement).innerText.trim())));
}

describe('a learner who starts offline and signs in later', () => {
  test('reaches the server exactly once per statement, as their account, and sees the same report on a second device', async () => {
    const device = await newDevice();
    const page = await device.newPage();
    await page.goto(`${server.baseUrl}/courses/icrm/`);
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.ready).active))).toBe(true);

    // Offline and anonymous: one lesson read to the end, another begun.
    await device.setOffline(true);
    await page.goto(`${server.baseUrl}/courses/icrm/course-introduction/`);
    await readToEnd(page);
    await page.goto(`${server.baseUrl}/courses/icrm/what-is-an-internal-customer/`);
    await page.locator('.prose h2').nth(1).scrollIntoViewIfNeeded();
    await page.waitForTimeout(2500);
    await page.goto(`${server.baseUrl}/courses/icrm/`);
    // On this phone-sized screen, 登录 sits in the header's 菜单.
    await page.locator('summary', { hasText: '菜单' }).click();
    expect(await page.locator('#signin-link').isVisible()).toBe(true);
    const studied = await deviceStatements(page);
    expect(studied.length).toBeGreaterThan(3);

    // Back online, the learner signs in through the sign-in page.
    await device.setOffline(false);
    await signInThroughPage(page, '/report/');
    await expect.poll(() => syncStatus(page), { timeout: 30_000 }).toBe('已同步');
    await page.locator('summary', { hasText: '菜单' }).click();
    expect(await page.locator('#account-name').innerText()).toContain(learner.displayName);
    await settledReport(page);
    expect(await page.locator('[data-report]').getAttribute('data-report-source')).toBe('server');
    const firstReport = await reportRows(page);
    const overall = await page.locator('[data-report-overall]').innerText();

    // The server holds each of the device's statements exactly once, with the account's actor.
    const http = new HttpSession(server);
    await http.signIn(learner.username, learner.password);
    const me = (await (await http.request('/api/me')).json()) as { id: string; registrations: { icrm: string } };
    const onServer: Statement[] = [];
    let next = `/xapi/statements?registration=${me.registrations.icrm}&limit=500`;
    while (next) {
      const body = (await (await http.request(next, { headers: { 'X-Experience-API-Version': '1.0.3' } })).json()) as {
        statements: Statement[];
        more: string;
      };
      onServer.push(...body.statements);
      next = body.more;
    }
    const onDevice = await deviceStatements(page);
    expect(onDevice.length).toBeGreaterThanOrEqual(studied.length);
    expect(onServer.map((s) => s.id).sort()).toEqual(onDevice.map((s) => s.id).sort());
    expect(new Set(onServer.map((s) => s.id)).size).toBe(onServer.length);
    for (const id of studied.map((s) => s.id)) expect(onServer.some((s) => s.id === id)).toBe(true);
    expect(new Set(onServer.map((s) => s.actor.account?.name))).toEqual(new Set([me.id]));

    // A second device signed in as the same learner pulls the record and shows the same report.
    const other = await (await newDevice()).newPage();
    await signInThroughPage(other, '/report/');
    await expect.poll(() => syncStatus(other), { timeout: 30_000 }).toBe('已同步');
    await settledReport(other);
    await expect.poll(() => other.locator('[data-report-overall]').innerText(), { timeout: 15_000 }).toBe(overall);
    expect(await reportRows(other)).toEqual(firstReport);
  });
});
