import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CourseContext } from '../../src/core/course/course-context.ts';
import { reduceProgress } from '../../src/core/progress/progress-reducer.ts';
import type { Statement } from '../../src/core/statements/xapi.ts';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { searchFromHeader, searchOnResultsPage } from '../support/search.ts';

// This file runs its own server, so it can stop it: a learner whose network is gone cannot reach any server.
let server: SiteServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  server = await startSiteServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 390, height: 844 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const readToEndLabel = '已读完 · 通过本课练习即完成本课';
const lessonUrl = (id: string) => `${server.baseUrl}/courses/icrm/${id}/`;

async function progressLabel(page: Page): Promise<string> {
  return page.locator('[data-lesson-progress-label]').innerText();
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

async function lessonStatuses(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLElement>('[data-lesson-status]')].map((el) => [el.dataset.lessonStatus!, el.innerText.trim()]),
    ),
  );
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

async function embeddedContext(page: Page): Promise<CourseContext> {
  return JSON.parse((await page.locator('#icrm-course-context').textContent())!) as CourseContext;
}

describe('a learner without a network', () => {
  test('studies after one online visit, sees exact progress offline, and loses nothing when the tab closes', async () => {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/courses/icrm/`);
    expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.ready).active))).toBe(true);

    await page.goto(lessonUrl('course-introduction'));
    await readToEnd(page);
    // Read to the end; the lesson completes when its practice quiz is passed too.
    await expect.poll(() => progressLabel(page)).toBe(readToEndLabel);

    // The network goes, and with it the server.
    await server.stop();
    await context.setOffline(true);

    await page.reload();
    expect(await page.locator('h1').innerText()).toBe('课程导引');
    await expect.poll(() => progressLabel(page)).toBe(readToEndLabel);
    expect(await page.locator('#offline-indicator').isVisible()).toBe(true);

    await page.goto(lessonUrl('what-is-an-internal-customer'));
    expect(await page.locator('h1').innerText()).toBe('什么是内部客户');
    await page.locator('.prose h2').nth(1).scrollIntoViewIfNeeded();
    await expect.poll(() => progressLabel(page)).toMatch(/^已读 (\d{2})%$/);
    const readShare = Number(/(\d+)%/.exec(await progressLabel(page))![1]);
    expect(readShare).toBeGreaterThan(0);
    expect(readShare).toBeLessThan(100);

    await page.goto(lessonUrl('shared-goals'));
    expect(await page.locator('h1').innerText()).toBe('共同目标');
    await expect.poll(() => progressLabel(page)).toBe('已读 0%');

    await page.goto(`${server.baseUrl}/courses/icrm/`);
    await expect.poll(async () => (await lessonStatuses(page))['course-introduction']).toBe('学习中 100%');
    const statuses = await lessonStatuses(page);
    expect(statuses['what-is-an-internal-customer']).toBe(`学习中 ${readShare}%`);
    expect(statuses['shared-goals']).toBe('学习中 0%');
    expect(statuses['why-it-matters']).toBe('未开始');
    expect(await page.locator('[data-course-progress-summary]').innerText()).toMatch(/^已完成 0\/15 节课 · 总进度 [1-9]\d*%$/);
    expect(await page.locator('[data-continue]').getAttribute('href')).toBe('/courses/icrm/course-introduction/');
    expect(await page.locator('[data-continue]').innerText()).toBe('继续学习');

    // Closing the tab and coming back, still offline, shows the same progress.
    await page.close();
    const reopened = await context.newPage();
    await reopened.goto(`${server.baseUrl}/courses/icrm/`);
    await expect.poll(async () => lessonStatuses(reopened)).toEqual(statuses);

    // The report shows exactly what the reducer computes from the log on the device.
    await reopened.goto(`${server.baseUrl}/report/`);
    await reopened.locator('[data-report-lessons]').waitFor();
    const log = await deviceStatements(reopened);
    const expected = reduceProgress((await embeddedContext(reopened)).model, log);
    expect(expected.activeMs, 'reading time was recorded').toBeGreaterThan(1000);
    expect(await reopened.locator('[data-report-overall]').innerText()).toBe(`${Math.round(expected.share * 100)}%`);
    const rows = await reopened.locator('[data-report-lessons] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell as HTMLElement).innerText.trim())),
    );
    expect(rows.map(([title, , read]) => [title, read])).toEqual(
      expected.lessons.map((lesson) => [lesson.title, `${Math.round(lesson.share * 100)}%`]),
    );
    expect(rows[0]!.slice(1, 3)).toEqual(['学习中', '100%']);
    expect(await reopened.locator('[data-report-remaining] li').first().innerText()).toBe('学完课时：课程导引');
    expect(await seriousAccessibilityViolations(reopened)).toEqual([]);

    // Search works offline too: the index and its code were precached with the pages.
    expect((await searchFromHeader(reopened, '抵触情绪')).join('\n')).toContain('实施中的挑战');
    await searchOnResultsPage(reopened, server.baseUrl, '绩效考核');
    expect(await reopened.locator('main').innerText()).toContain('考核机制与团队建设');

    // A page never visited is not cached: the learner gets a clear offline page instead of a browser error.
    await reopened.goto(`${server.baseUrl}/courses/icrm/never-built/`);
    expect(await reopened.locator('h1').innerText()).toBe('这个页面还没有保存到本机');
  });

  test('counts a lesson once when it is open in two tabs at the same time', async () => {
    await context.setOffline(false);
    server = await startSiteServer();
    const [first, second] = [await context.newPage(), await context.newPage()];
    for (const page of [first, second]) await page.goto(`${server.baseUrl}/courses/icrm/why-it-matters/`);
    await Promise.all([readToEnd(first), readToEnd(second)]);
    await expect.poll(() => progressLabel(first)).toBe(readToEndLabel);
    await second.goto(`${server.baseUrl}/courses/icrm/`);
    await expect.poll(async () => (await lessonStatuses(second))['why-it-matters']).toBe('学习中 100%');
    const log = await deviceStatements(second);
    const report = reduceProgress((await embeddedContext(second)).model, log);
    // A new server port is a new origin, so this device log starts empty: both tabs wrote to it.
    expect(log.filter((s) => s.verb.id.endsWith('/experienced')).length).toBe(2);
    expect(report.lessons.filter((lesson) => lesson.status !== 'not-started').map((lesson) => [lesson.id, lesson.share])).toEqual([
      ['why-it-matters', 1],
    ]);
    expect(log.filter((s) => s.verb.id.endsWith('/progressed')).length).toBeGreaterThan(1);
    expect(await second.locator('[data-course-progress-summary]').innerText()).toMatch(/^已完成 0\/15 节课/);
  });
});
