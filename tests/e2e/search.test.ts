import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readSearchSources } from '../../scripts/lib/search-sources.ts';
import { collectSearchDocuments } from '../../src/core/search/documents.ts';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { contentDir, repoRoot } from '../support/course-fixture.ts';
import { headerSearchBox, searchFromHeader, searchOnResultsPage } from '../support/search.ts';

const baseUrl = inject('baseUrl');
const lessonPath = '/courses/icrm/shared-goals/';
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  return { context, page: await context.newPage() };
}

describe('the search box in the header', () => {
  test('loads neither lunr nor the index with a lesson, which sends at most 50 KB of script, until the learner types', async () => {
    const { context, page } = await openPage();
    const scripts: Promise<number>[] = [];
    const requested: string[] = [];
    page.on('response', (response) => {
      requested.push(new URL(response.url()).pathname);
      if (response.request().resourceType() === 'script') scripts.push(response.body().then((body) => gzipSync(body).length));
    });
    await page.goto(`${baseUrl}${lessonPath}`, { waitUntil: 'networkidle' });
    const scriptBytes = (await Promise.all(scripts)).reduce((sum, bytes) => sum + bytes, 0);
    expect(scriptBytes).toBeLessThanOrEqual(50 * 1024);
    expect(requested).not.toContain('/search-index.json');
    const loadedBeforeSearch = requested.length;

    const options = await searchFromHeader(page, '抵触情绪');
    expect(options[0]).toMatch(/^抵触情绪\s*术语表/);
    expect(requested.slice(loadedBeforeSearch)).toContain('/search-index.json');
    expect(await page.getByRole('status').filter({ hasText: '条结果' }).innerText()).toMatch(/^找到 \d+ 条结果$/);
    await context.close();
  });

  test('moves through the results with the arrow keys, closes with Escape, and opens a section with Enter', async () => {
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/`);
    const box = headerSearchBox(page);
    await page.keyboard.press('/');
    expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('使命感 责任感');
    await page.getByRole('option').first().waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('true');

    await page.keyboard.press('Escape');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option').first().waitFor();

    const options = page.getByRole('option');
    const target = (await options.allInnerTexts()).findIndex((text) => text.includes('使命感与责任感'));
    expect(target).toBeGreaterThanOrEqual(0);
    for (let i = 0; i <= target; i++) await page.keyboard.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    expect(await page.locator(`#${active}`).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator(`#${active}`).innerText()).toContain('使命感与责任感');

    await page.keyboard.press('Enter');
    await page.waitForURL(`**${lessonPath}#*`);
    const url = new URL(page.url());
    expect(url.pathname).toBe(lessonPath);
    expect(decodeURIComponent(url.hash)).toBe('#使命感与责任感');
    const heading = page.locator('h2', { hasText: '使命感与责任感' });
    expect(await heading.getAttribute('id')).toBe('使命感与责任感');
    await expect.poll(() => heading.evaluate((element) => element.getBoundingClientRect().top)).toBeLessThan(200);
    await context.close();
  });

  test('goes to the full results page with Enter when no result is chosen', async () => {
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}${lessonPath}`);
    await searchFromHeader(page, '绩效考核');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/search/?q=*');
    expect(new URL(page.url()).searchParams.get('q')).toBe('绩效考核');
    await page.locator('.search-result').first().waitFor();
    await context.close();
  });

  test('shows that it is loading while the index comes, and says so when it cannot come', async () => {
    const { context, page } = await openPage();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/search-index.json', async (route) => {
      await held;
      await route.abort();
    });
    await page.goto(`${baseUrl}${lessonPath}`);
    await headerSearchBox(page).fill('信任');
    await page.locator('[data-search-message]').filter({ hasText: '正在加载搜索' }).waitFor();
    release();
    await page.locator('[data-search-message]').filter({ hasText: '搜索暂时无法使用' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: '搜索暂时无法使用' }).count()).toBe(1);
    await context.close();
  });

  test('offers glossary terms when nothing matches, and searches a term when it is chosen', async () => {
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}${lessonPath}`);
    const options = await searchFromHeader(page, '天气预报');
    expect(options[0]).toBe('搜索“内部客户”');
    expect(await page.locator('[data-search-message]').innerText()).toContain('没有找到与“天气预报”相关的内容');
    await page.getByRole('option', { name: '搜索“内部客户”' }).click();
    await expect.poll(() => headerSearchBox(page).inputValue()).toBe('内部客户');
    await page.getByRole('option', { name: /什么是内部客户/ }).first().waitFor();
    await context.close();
  });

  test('has no serious axe violation with its list open, in light and in dark mode', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page } = await openPage({ colorScheme });
      await page.goto(`${baseUrl}${lessonPath}`);
      await searchFromHeader(page, '跨部门沟通');
      await page.keyboard.press('ArrowDown');
      expect(await seriousAccessibilityViolations(page), colorScheme).toEqual([]);
      await context.close();
    }
  });
});

describe('the results page', () => {
  test('lists every result with its lesson, its section, a highlighted snippet and a link to the section', async () => {
    const { context, page } = await openPage();
    await searchOnResultsPage(page, baseUrl, 'CRM 和内部客户有什么不同');
    expect(await page.locator('[data-search-status]').innerText()).toMatch(/^找到 \d+ 条结果$/);
    const lessonResult = page.locator('.search-result').filter({ hasText: '内外部客户关系管理之别' }).first();
    expect(await lessonResult.locator('.search-result__section').innerText()).not.toBe('');
    expect(await lessonResult.locator('.search-result__snippet mark').allInnerTexts()).toEqual(
      expect.arrayContaining(['客户']),
    );
    expect(decodeURIComponent((await lessonResult.getByRole('link').getAttribute('href'))!)).toMatch(
      /^\/courses\/icrm\/internal-vs-external-crm\/#.+/,
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  test('moves from the field into the results with the arrow keys and back with Escape', async () => {
    const { context, page } = await openPage();
    await searchOnResultsPage(page, baseUrl, '绩效考核');
    const links = page.locator('.search-result__link');
    await page.getByRole('searchbox', { name: '搜索课程内容' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await links.nth(0).evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowDown');
    expect(await links.nth(1).evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-page-input');
    await context.close();
  });

  test('updates the results and the address as the learner types', async () => {
    const { context, page } = await openPage();
    await searchOnResultsPage(page, baseUrl, '信任');
    const field = page.getByRole('searchbox', { name: '搜索课程内容' });
    await field.fill('关系营销');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('关系营销');
    await expect.poll(() => page.locator('.search-result__title').first().innerText()).toBe('关系营销');
    await context.close();
  });

  test('explains an empty result, suggests glossary terms, and passes axe', async () => {
    const { context, page } = await openPage();
    await searchOnResultsPage(page, baseUrl, '天气预报');
    expect(await page.locator('[data-search-status]').innerText()).toBe('没有找到与“天气预报”相关的内容。');
    const suggestions = page.locator('[data-search-suggestions]').getByRole('link');
    expect(await suggestions.count()).toBeGreaterThan(3);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await suggestions.first().click();
    await page.locator('.search-result').first().waitFor();
    await context.close();
  });

  test('shows its strings in English when the learner chose English', async () => {
    const { context, page } = await openPage();
    await searchOnResultsPage(page, baseUrl, '绩效考核');
    await page.getByRole('button', { name: 'English' }).click();
    // English loads on first use, so the switch takes a moment.
    await expect.poll(() => page.locator('[data-search-status]').innerText()).toMatch(/^Results found: \d+$/);
    expect(await page.getByRole('searchbox').getAttribute('placeholder')).toBe('Search');
    await context.close();
  });
});

describe('the search index file', () => {
  test('is served at /search-index.json and links every section to an id its lesson page has', async () => {
    const index = (await (await fetch(`${baseUrl}/search-index.json`)).json()) as { documents: { url: string }[] };
    const expected = collectSearchDocuments(await readSearchSources(contentDir, repoRoot));
    expect(index.documents.map((document) => document.url).sort()).toEqual(expected.map((document) => document.url).sort());

    const pages = new Map<string, Promise<string>>();
    for (const { url } of index.documents) {
      const [path, anchor] = url.split('#') as [string, string | undefined];
      if (!anchor) continue;
      if (!pages.has(path)) pages.set(path, fetch(`${baseUrl}${encodeURI(path)}`).then((response) => response.text()));
      expect(await pages.get(path), url).toContain(`id="${anchor}"`);
    }
    expect(pages.size).toBeGreaterThan(15);
  });
});
