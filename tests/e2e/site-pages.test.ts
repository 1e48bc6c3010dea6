import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { loadShippedContent } from '../support/course-fixture.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openPage(options: Parameters<Browser['newContext']>[0] = { acceptDownloads: true }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  return { context, page: await context.newPage() };
}

describe('the course home', () => {
  test('lists every module and lesson with its minutes, and links the first lesson from 开始学习', async () => {
    const { course } = await loadShippedContent();
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/courses/${course.id}/`);
    const modules = await page.locator('.module h3').allInnerTexts();
    expect(modules.map((text) => text.replace(/\s+/g, ' '))).toEqual(
      course.modules.map((module, i) => `模块 ${i + 1} ${module.title}`),
    );
    expect(await page.locator('.modules .lesson-item').count()).toBe(course.modules.flatMap((module) => module.lessons).length);
    expect(await page.locator('.modules .lesson-item').first().innerText()).toMatch(/第 1 课\s*课程导引\s*\d+ 分钟/);
    await page.getByRole('link', { name: '开始学习' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('课程导引');
    await context.close();
  });
});

describe('the glossary', () => {
  test('lists every term and is reached from a lesson key term', async () => {
    const { glossary } = await loadShippedContent();
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/courses/icrm/what-is-an-internal-customer/`);
    await page.locator('.objectives').getByRole('link', { name: '内部服务链' }).click();
    await page.waitForURL(/\/glossary\/#term-/);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#term-内部服务链');
    expect(await page.locator('dl.glossary dt').count()).toBe(glossary.length);
    const target = page.locator(':target');
    expect(await target.locator('dt').innerText()).toMatch(/^内部服务链/);
    await context.close();
  });
});

describe('the about page', () => {
  test('cites the three references of the course', async () => {
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/about/`);
    const references = await page.locator('.references > li').allInnerTexts();
    expect(references).toHaveLength(3);
    expect(references[0]).toContain('Kotler, P. & Keller, K. L. (2016). Marketing Management');
    expect(references[2]).toContain('Journal of the Academy of Marketing Science');
    await context.close();
  });
});

describe('accessibility in dark mode and on a desktop', () => {
  test.each(['/', '/courses/icrm/', '/courses/icrm/case-workshop/', '/glossary/', '/about/', '/report/', '/offline/'])(
    '%s has no serious or critical axe violation with prefers-color-scheme: dark',
    async (path) => {
      const { context, page } = await openPage({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
      await page.goto(`${baseUrl}${path}`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await context.close();
    },
  );
});

describe('keyboard use', () => {
  test('the first Tab reaches 跳到正文, which moves focus to the main content', async () => {
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/courses/icrm/shared-goals/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('跳到正文');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await context.close();
  });
});

describe('the interface language switch', () => {
  test('switches the interface to English, keeps the course text Chinese, and remembers the choice', async () => {
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/courses/icrm/shared-goals/`);
    await page.getByRole('button', { name: 'English' }).click();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.waitFor();
    expect(await nav.innerText()).toMatch(/Courses\s+My learning report\s+Glossary\s+About the course/);
    expect(await page.locator('.pager').innerText()).toContain('Next lesson');
    expect(await page.locator('h1').innerText()).toBe('共同目标');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('.site-nav [data-i18n]').first().getAttribute('lang')).toBe('en');

    await page.reload();
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).innerText()).toContain('Glossary');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.getByRole('navigation', { name: '主导航' }).innerText()).toMatch(/课程\s+我的学习报告\s+术语表\s+关于课程/);
    await context.close();
  });
});

describe('a page that does not exist', () => {
  test('answers 404 with a Chinese explanation and a way back', async () => {
    const { context, page } = await openPage();
    const response = await page.goto(`${baseUrl}/courses/icrm/no-such-lesson/`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('页面不存在');
    await page.getByRole('link', { name: '课程目录' }).last().click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('课程目录');
    await context.close();
  });
});

describe('printing a lesson', () => {
  test('leaves out the navigation, the table of contents and the pager', async () => {
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/courses/icrm/shared-goals/`);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-header', '.lesson-toc', '.pager', '.site-footer']) {
      expect(await page.locator(selector).isVisible(), selector).toBe(false);
    }
    expect(await page.locator('h1').isVisible()).toBe(true);
    expect(await page.locator('.key-points').isVisible()).toBe(true);
    await context.close();
  });
});

describe('我的学习报告', () => {
  test('tells a new learner how to start, then lists the lesson they opened and downloads their statements as JSON', async () => {
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/report/`);
    await page.getByText('你还没有开始学习').waitFor();
    await page.getByRole('link', { name: '开始第一课' }).click();
    await expect.poll(() => page.locator('[data-lesson-progress-label]').innerText(), { timeout: 15_000 }).toMatch(/^已读 \d+%$/);

    await page.goto(`${baseUrl}/report/`);
    const firstRow = page.locator('[data-report-lessons] tbody tr').first();
    await expect.poll(() => firstRow.innerText(), { timeout: 15_000 }).toMatch(/^课程导引\s+学习中\s+\d+%\s+—$/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载我的学习记录（JSON）' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^学习记录-\d{4}-\d{2}-\d{2}\.json$/);
    const statements = JSON.parse(await readFile((await download.path())!, 'utf8')) as { verb: { id: string }; object: { id: string } }[];
    expect(statements[0]).toMatchObject({
      verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
      object: { id: expect.stringMatching(/\/xapi\/activities\/lesson\/course-introduction$/) },
    });
    await context.close();
  });
});

describe('a device out of storage', () => {
  test('tells the learner in plain words and keeps what was stored before', async () => {
    const { context, page } = await openPage();
    // Simulates a full disk: once the flag is set, IndexedDB refuses new statements as a browser at quota does.
    await context.addInitScript(() => {
      const add = IDBObjectStore.prototype.add;
      IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
        if (this.name === 'statements' && sessionStorage.getItem('disk-full') === '1') {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return add.apply(this, args);
      };
    });
    await page.goto(`${baseUrl}/courses/icrm/shared-goals/`);
    await expect.poll(() => page.locator('[data-lesson-progress-label]').innerText()).toMatch(/^已读 \d+%$/);
    expect(await page.locator('#storage-alert').isVisible()).toBe(false);

    await page.evaluate(() => sessionStorage.setItem('disk-full', '1'));
    await page.goto(`${baseUrl}/courses/icrm/respect-and-trust/`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('设备存储空间已满，刚才的学习记录没有保存');
    expect(await alert.innerText()).toContain('已经保存的学习记录不会丢失');

    await page.evaluate(() => sessionStorage.removeItem('disk-full'));
    await page.goto(`${baseUrl}/courses/icrm/`);
    await expect.poll(() => page.locator('[data-lesson-status="shared-goals"]').innerText()).toMatch(/^学习中/);
    expect(await page.locator('[data-lesson-status="respect-and-trust"]').innerText()).toBe('未开始');
    await context.close();
  });
});
