import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { testAdmin } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

const phoneSize = { width: 390, height: 844 };
const text = (page: Page, selector: string) => () => page.locator(selector).innerText().catch(() => '');

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

/** The admin creates a learner; the learner sets a password through the invite link and is signed in. */
async function signedInLearner(page: Page, username: string, displayName: string): Promise<void> {
  const admin = new HttpSession({ baseUrl });
  await admin.signIn(testAdmin.username, testAdmin.password);
  const html = await (await admin.request('/admin/', { method: 'POST', form: { action: 'create-user', username, displayName, role: 'learner' } })).text();
  await page.goto(/data-secret>([^<]+)</.exec(html)![1]!);
  await page.getByLabel('新密码').fill(`${username}-password`);
  await page.getByLabel('再输入一次').fill(`${username}-password`);
  await page.getByRole('button', { name: '保存密码并登录' }).click();
  await page.waitForURL(`${baseUrl}/`);
}

describe('a classroom session', () => {
  test('the facilitator and two phones run a question and a role-play decision through to the session report', async () => {
    // The facilitator signs in and creates a session for the module 基本原则.
    const desk = await newPage({ width: 1280, height: 900 });
    await desk.goto(`${baseUrl}/facilitator/`);
    await desk.waitForURL(/\/signin\//);
    await desk.getByLabel('用户名').fill(testAdmin.username);
    await desk.getByLabel('密码').fill(testAdmin.password);
    await desk.getByRole('button', { name: '登录' }).click();
    await desk.waitForURL(`${baseUrl}/facilitator/`);
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);
    await desk.getByRole('group', { name: '基本原则' }).getByLabel('整个模块').check();
    await desk.getByLabel('日期').fill('2026-12-01');
    await desk.getByLabel('开始时间（北京时间）').fill('09:30');
    await desk.getByLabel('地点').fill('三楼培训室');
    await desk.getByLabel('人数上限').fill('40');
    await desk.getByRole('button', { name: '创建并获取加入码' }).click();
    await desk.waitForURL(/\/facilitator\/sessions\/[A-Z2-9]{6}\/$/);
    const code = (await desk.locator('[data-join-code]').innerText()).trim();
    expect(await desk.locator('.join-panel svg title').textContent()).toBe(`加入课堂 ${code} 的二维码`);
    await expect.poll(text(desk, '.live-run'), { timeout: 15_000 }).toContain('课堂状态：未开放');
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);
    await desk.getByRole('button', { name: '开放加入' }).click();
    await expect.poll(text(desk, '.live-run'), { timeout: 15_000 }).toContain('课堂状态：可加入');

    // A guest joins through the QR code's link; a signed-in learner types the code.
    const guest = await newPage(phoneSize);
    await guest.goto(`${baseUrl}/join/?code=${code.toLowerCase()}`);
    await guest.getByLabel('姓名').fill('访客小王');
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await guest.getByRole('button', { name: '加入课堂' }).click();
    await expect.poll(text(guest, '.live-phone'), { timeout: 15_000 }).toContain('课堂还没开始，请稍候。');

    const learner = await newPage(phoneSize);
    await signedInLearner(learner, 'class.learner', '李明');
    await learner.goto(`${baseUrl}/join/`);
    await learner.getByLabel('加入码').fill(code);
    await learner.getByRole('button', { name: '下一步' }).click();
    await learner.getByRole('button', { name: '以 李明 的身份加入' }).click();
    await expect.poll(text(learner, '.live-phone'), { timeout: 15_000 }).toContain('你是：李明');
    await expect.poll(text(desk, '.live-run__attendance'), { timeout: 15_000 }).toContain('出席 2 人，名单共 2 人。');

    // The class starts and a practice question goes out.
    await desk.getByRole('button', { name: '开始上课' }).click();
    await expect.poll(text(guest, '.live-phone'), { timeout: 15_000 }).toContain('请等待讲师出题。');
    await desk.getByLabel('练习题').selectOption('rt-honest-schedule');
    await desk.getByRole('button', { name: '推送这道题' }).click();
    await expect.poll(text(desk, '.live-run__activity'), { timeout: 15_000 }).toContain('还没回答（2 人）：访客小王、李明');
    const prompt = await desk.locator('.live-run__prompt').innerText();
    const keyLetters = /答案（只有你能看到）：(.+)/.exec(await desk.locator('.live-run__key').innerText())![1]!;
    await expect.poll(text(guest, '.live-phone__push'), { timeout: 15_000 }).toContain(prompt);
    expect(await guest.locator('.live-phone').innerText()).not.toContain('只有你能看到');
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);

    // The guest picks the keyed option, the learner another one.
    const options = guest.locator('.live-phone__option');
    const letters = await options.allInnerTexts();
    const right = letters.findIndex((label) => label.startsWith(`${keyLetters}.`));
    const wrong = right === 0 ? 1 : 0;
    await options.nth(right).click();
    await guest.getByRole('button', { name: '提交答案' }).click();
    await expect.poll(text(guest, '.live-phone__push'), { timeout: 15_000 }).toContain('已提交：');
    await learner.locator('.live-phone__option').nth(wrong).click();
    await learner.getByRole('button', { name: '提交答案' }).click();
    await expect.poll(text(desk, '.live-run__activity'), { timeout: 15_000 }).toContain('已回答 2 人 / 在场 2 人');
    await expect.poll(text(desk, '.live-chart'), { timeout: 15_000 }).toContain('全班的回答（共 2 人作答）');

    // A reload of the phone and of the facilitator's page loses nothing: the state comes from the server.
    await guest.reload();
    await expect.poll(text(guest, '.live-phone__push'), { timeout: 15_000 }).toContain(`已提交：${letters[right]}`);
    await desk.reload();
    await expect.poll(text(desk, '.live-run__activity'), { timeout: 15_000 }).toContain('已回答 2 人 / 在场 2 人');
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);

    await desk.getByRole('button', { name: '公布答案' }).click();
    await expect.poll(text(guest, '.live-phone__push'), { timeout: 15_000 }).toContain('回答正确！');
    await expect.poll(text(learner, '.live-phone__push'), { timeout: 15_000 }).toContain('这次没答对。');
    expect(await learner.locator('.live-chart').innerText()).toContain('正确答案');
    expect(await seriousAccessibilityViolations(learner)).toEqual([]);

    // A group role-play: both phones vote for the same reply, the majority decides it.
    await desk.getByLabel('小组情景演练').selectOption('urgent-data-request');
    await desk.getByRole('button', { name: '开始演练' }).click();
    await expect.poll(text(guest, '.live-phone__push'), { timeout: 15_000 }).toContain('全班投票决定怎么回应');
    const reply = await guest.locator('.live-phone__option').first().innerText();
    await guest.locator('.live-phone__option').first().click();
    await guest.getByRole('button', { name: '投票' }).click();
    await learner.locator('.live-phone__option').first().click();
    await learner.getByRole('button', { name: '投票' }).click();
    await expect.poll(text(learner, '.live-phone__push'), { timeout: 15_000 }).toContain('已投票：');
    await expect.poll(text(desk, '.live-run__activity'), { timeout: 15_000 }).toContain('已回答 2 人 / 在场 2 人');
    await desk.getByRole('button', { name: '按多数定案' }).click();
    const chosen = reply.replace(/^A\. /, '');
    await expect.poll(text(guest, '.live-phone__push'), { timeout: 15_000 }).toContain(`全班选择了：${chosen}`);
    await expect.poll(text(learner, '.live-phone__push'), { timeout: 15_000 }).toContain(`全班选择了：${chosen}`);

    // The facilitator closes the session; the phones say so, and the report has it all.
    desk.once('dialog', (dialog) => void dialog.accept());
    await desk.getByRole('button', { name: '结束课堂' }).click();
    await expect.poll(text(guest, '.live-phone'), { timeout: 15_000 }).toContain('课堂已结束，谢谢参与！');
    await expect.poll(text(desk, '.live-run'), { timeout: 15_000 }).toContain('课堂已结束');
    await desk.getByRole('link', { name: '课堂报告' }).click();
    await desk.waitForURL(`${baseUrl}/facilitator/sessions/${code}/report/`);
    const report = await desk.locator('main').innerText();
    expect(report).toContain('出勤：出席 2 人，名单共 2 人');
    expect(report).toContain('访客小王');
    expect(report).toContain('李明');
    expect(report).toContain(prompt);
    expect(report).toContain(`全班选择：${chosen}`);
    expect(await desk.getByRole('link', { name: '导出 CSV（可用 Excel 打开）' }).getAttribute('href')).toBe(`/api/classroom/sessions/${code}/report.csv`);
    expect(await seriousAccessibilityViolations(desk)).toEqual([]);

    // The signed-in learner's report on the server now holds the attendance.
    const attendance = await learner.evaluate(async () => (await (await fetch('/api/me/report')).json()).report.attendance);
    expect(attendance).toEqual([{ code, attendedAt: expect.any(String) }]);
  });
});
