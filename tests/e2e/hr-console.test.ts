import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { testAdmin } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
let page: Page;

// Departments and employee ids of their own, so other browser tests on the same server do not touch these figures.
const roster = [
  '工号,姓名,部门,邮箱,角色',
  'HRE001,林晓,浏览器甲部,lin.xiao@example.com,学员',
  'HRE002,<b>郑伟</b>,浏览器甲部,,学员',
  'HRE003,何静,浏览器乙部,he.jing@example.com,学员',
  'HRE004,许强,浏览器乙部,,学员',
  'HRE005,宋雨,浏览器乙部,,学员',
].join('\r\n');

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  // An admin creates the HR account; HR sets a password through the invite link, in the browser.
  const admin = new HttpSession({ baseUrl });
  await admin.signIn(testAdmin.username, testAdmin.password);
  const html = await (await admin.request('/admin/', { method: 'POST', form: { action: 'create-user', username: 'hr.browser', displayName: '人事 周老师', role: 'hr' } })).text();
  const invite = /data-secret>([^<]+)</.exec(html)![1]!;
  await page.goto(invite);
  await page.getByLabel('新密码').fill('hr-browser-password');
  await page.getByLabel('再输入一次').fill('hr-browser-password');
  await page.getByRole('button', { name: '保存密码并登录' }).click();
  await page.waitForURL(`${baseUrl}/`);
});
afterAll(async () => {
  await browser?.close();
});

describe('the HR console in the browser', () => {
  test('HR imports a roster: checks it, sees the preview, imports it and gets invite links', async () => {
    await page.goto(`${baseUrl}/hr/roster/`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByLabel('名册文件（CSV）').setInputFiles({ name: '名册.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${roster}\r\n`) });
    await page.getByRole('button', { name: '上传并检查' }).click();
    const preview = page.locator('#roster-preview');
    await expect.poll(() => preview.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await preview.locator('[data-count="create"]').innerText()).toBe('5');
    expect(await preview.locator('[data-count="errorCount"]').innerText()).toBe('0');
    expect(await preview.locator('#roster-sample-rows tr').count()).toBe(5);
    // Markup in a name is shown as the text it is.
    expect(await preview.locator('#roster-sample-rows tr').nth(1).locator('td').nth(2).innerText()).toBe('<b>郑伟</b>');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '确认导入' }).click();
    await expect.poll(() => page.locator('#roster-done-text').innerText(), { timeout: 15_000 }).toBe('导入完成：新建 5 个账号，更新 0 个账号。');
    await page.getByRole('button', { name: '生成邀请链接' }).click();
    const invites = page.locator('#roster-invite-rows tr');
    await expect.poll(() => invites.count(), { timeout: 15_000 }).toBe(5);
    expect(await invites.first().innerText()).toMatch(/HRE001\s+林晓\s+浏览器甲部\s+HRE001\s+http:\/\/\S+\/invite\/[\w-]+\//);
  });

  test('a roster with mistakes is reported line by line and nothing is imported', async () => {
    await page.goto(`${baseUrl}/hr/roster/`);
    await page.getByLabel('名册文件（CSV）').setInputFiles({
      name: '有错的名册.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('工号,姓名,部门,邮箱\nHRE101,甲,浏览器丙部,not-an-email\nHRE101,乙,浏览器丙部,\n'),
    });
    await page.getByRole('button', { name: '上传并检查' }).click();
    const issues = page.locator('#roster-issue-rows tr');
    await expect.poll(() => issues.count(), { timeout: 15_000 }).toBe(2);
    expect(await issues.allInnerTexts()).toEqual([expect.stringContaining('邮箱格式不正确：not-an-email'), expect.stringContaining('工号 HRE101 与第 2 行重复。')]);
    expect(await page.getByRole('button', { name: '确认导入' }).isVisible()).toBe(false);
  });

  test('HR sees the dashboard, filters it and exports exactly what it shows', async () => {
    await page.goto(`${baseUrl}/hr/`);
    const summary = page.locator('[data-summary]');
    expect(await summary.locator('tr[data-department="浏览器乙部"] td').first().innerText()).toBe('3');
    expect(await page.getByRole('img', { name: '各部门学习状态分布' }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('combobox', { name: '部门' }).selectOption('浏览器甲部');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => page.locator('[data-learner-count]').innerText()).toBe('共 2 名学员符合条件');
    expect(await page.locator('[data-learners] tbody th').allInnerTexts()).toEqual(['<b>郑伟</b>', '林晓']);

    await page.getByLabel('姓名或工号').fill('HRE001');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => page.locator('[data-learner-count]').innerText()).toBe('共 1 名学员符合条件');
    await page.getByLabel('姓名或工号').fill('');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => page.locator('[data-learner-count]').innerText()).toBe('共 2 名学员符合条件');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^学习完成情况-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual(['HRE002,<b>郑伟</b>,浏览器甲部', 'HRE001,林晓,浏览器甲部']);

    const [workbook] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel' }).click()]);
    expect(workbook.suggestedFilename()).toMatch(/^学习完成情况-\d{4}-\d{2}-\d{2}\.xlsx$/);
  });

  test('HR opens a learner’s page from the dashboard, and the certificate registry', async () => {
    await page.goto(`${baseUrl}/hr/?q=HRE003`);
    await page.getByRole('link', { name: '何静' }).click();
    await expect.poll(() => page.locator('[data-learner-name]').innerText()).toBe('何静');
    expect(await page.locator('[data-learner-status]').innerText()).toBe('未开始');
    expect(await page.getByText('还没有参加结业测验。').isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: '证书登记' }).click();
    await page.waitForURL(`${baseUrl}/hr/certificates/`);
    expect(await page.locator('h1').innerText()).toBe('证书登记');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
