import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { testAdmin } from '../support/e2e-server.ts';

const baseUrl = inject('baseUrl');
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** Phone screenshots of every page type, for a person to look at; the assertions below do not read them. */
const screenshots = join(process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'icrm-phone-screenshots'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function openPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(phone);
  return { context, page: await context.newPage() };
}

const pageTypes = [
  ['course home', '/courses/icrm/'],
  ['lesson', '/courses/icrm/why-it-matters/'],
  ['lesson with a role-play', '/courses/icrm/case-workshop/'],
  ['role-play page', '/courses/icrm/scenarios/unclear-ownership/'],
  ['report', '/report/'],
  ['search', '/search/?q=%E5%86%85%E9%83%A8%E5%AE%A2%E6%88%B7'],
  ['glossary', '/glossary/'],
  ['sign-in', '/signin/'],
  ['assessment', '/courses/icrm/assessment/'],
  ['verify', '/verify/'],
  ['about', '/about/'],
] as const;

describe('on a 390-pixel phone', () => {
  test.each(pageTypes)('the %s fits the screen (no sideways scrolling, a header under a seventh of it) and passes axe', async (name, path) => {
    const { context, page } = await openPhone();
    const response = await page.goto(`${baseUrl}${path}`);
    expect(response?.status(), path).toBeLessThan(400);
    await page.locator('h1').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const header = await page.locator('.site-header').boundingBox();
    expect(header!.height).toBeLessThan(844 / 7);
    await page.screenshot({ path: join(screenshots, `${name.replace(/\W+/g, '-')}.png`) });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  test('the administration page, signed in, fits the screen and passes axe', async () => {
    const { context, page } = await openPhone();
    await page.goto(`${baseUrl}/signin/?next=/admin/`);
    await page.locator('#username').fill(testAdmin.username);
    await page.locator('#password').fill(testAdmin.password);
    await Promise.all([page.waitForURL(`${baseUrl}/admin/`), page.locator('form.stacked-form button[type=submit]').click()]);
    await page.locator('h1').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(screenshots, 'admin.png') });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  test('a lesson shows its learning objectives on the first screen, with the contents folded behind a button', async () => {
    const { context, page } = await openPhone();
    await page.goto(`${baseUrl}/courses/icrm/why-it-matters/`);
    const objectives = await page.getByRole('heading', { name: '学习目标' }).boundingBox();
    expect(objectives!.y + objectives!.height).toBeLessThan(844);
    const firstEntry = page.locator('.lesson-toc a').first();
    expect(await firstEntry.isVisible()).toBe(false);
    await page.getByText('本课目录', { exact: true }).click();
    expect(await firstEntry.isVisible()).toBe(true);
    await firstEntry.click();
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 15_000 }).not.toBe('');
    await context.close();
  });

  test('the navigation opens from 菜单, closes with Esc, and the search box shows no / key hint', async () => {
    const { context, page } = await openPhone();
    await page.goto(`${baseUrl}/courses/icrm/`);
    const report = page.getByRole('link', { name: '我的学习报告' });
    expect(await report.isVisible()).toBe(false);
    expect(await page.locator('.site-search__key').isVisible()).toBe(false);
    const menu = page.locator('summary', { hasText: '菜单' });
    await menu.click();
    expect(await report.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'English' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await report.isVisible()).toBe(false);
    expect(await menu.evaluate((element) => element === document.activeElement)).toBe(true);
    await menu.click();
    await report.click();
    await expect.poll(() => page.locator('h1').innerText(), { timeout: 15_000 }).toBe('我的学习报告');
    await context.close();
  });

  test('on a wide screen the navigation stays in the header row with no 菜单 button, and the contents are open', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/courses/icrm/why-it-matters/`);
    expect(await page.locator('summary', { hasText: '菜单' }).isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: '术语表' }).isVisible()).toBe(true);
    expect(await page.locator('.lesson-toc a').first().isVisible()).toBe(true);
    await context.close();
  });
});
