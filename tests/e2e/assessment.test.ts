import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Question } from '../../src/core/quiz/schemas/quiz.ts';
import { loadFinalBank } from '../../src/server/assessment/final-bank.ts';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { testAdmin } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
let page: Page;
let bank: Map<string, Question>;

beforeAll(async () => {
  bank = new Map((await loadFinalBank('final-assessment')).questions.map((question) => [question.id, question]));
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
});
afterAll(async () => {
  await browser?.close();
});

/** The admin creates the learner; the learner sets a password through the invite link, in the browser. */
async function inviteLearner(username: string, displayName: string): Promise<string> {
  const admin = new HttpSession({ baseUrl });
  await admin.signIn(testAdmin.username, testAdmin.password);
  const html = await (await admin.request('/admin/', { method: 'POST', form: { action: 'create-user', username, displayName, role: 'learner' } })).text();
  return /data-secret>([^<]+)</.exec(html)![1]!;
}

/** Answers one question the way a learner would: clicking labels, choosing partners, moving items. */
async function answerCorrectly(item: ReturnType<Page['locator']>, question: Question): Promise<void> {
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'situational':
      for (const option of question.options.filter((candidate) => candidate.correct)) await item.getByLabel(option.text, { exact: true }).check();
      return;
    case 'true-false':
      await item.getByLabel(question.answer ? '正确' : '错误', { exact: true }).check();
      return;
    case 'matching':
      for (const premise of question.left) {
        const partner = question.right.find((right) => right.id === premise.match)!;
        await item.getByLabel(premise.text, { exact: true }).selectOption({ label: partner.text });
      }
      return;
    case 'ordering':
      // Bring each item up to its place, first to last, with the 上移 buttons.
      for (const [target, wanted] of question.items.entries()) {
        for (;;) {
          const shown = await item.locator('.quiz-order__item').allInnerTexts();
          const position = shown.findIndex((text) => text.includes(wanted.text));
          if (position <= target) break;
          await item.getByRole('button', { name: `上移：${wanted.text}` }).click();
        }
      }
  }
}

describe('the final assessment page', () => {
  test('asks a signed-out learner to sign in, then runs a drawn attempt and grades it on the server', async () => {
    const invite = await inviteLearner('exam.taker', '应试学员');
    await page.goto(invite);
    await page.getByLabel('新密码').fill('exam-taker-password');
    await page.getByLabel('再输入一次').fill('exam-taker-password');
    await page.getByRole('button', { name: '保存密码并登录' }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.context().clearCookies();

    await page.goto(`${baseUrl}/courses/icrm/assessment/`);
    await expect.poll(async () => page.locator('.assessment').innerText(), { timeout: 15_000 }).toContain('结业测验需要先登录');
    await page.getByRole('link', { name: '登录后参加测验' }).click();
    await page.getByLabel('用户名').fill('exam.taker');
    await page.getByLabel('密码').fill('exam-taker-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${baseUrl}/courses/icrm/assessment/`);
    await expect.poll(async () => page.locator('.assessment').innerText(), { timeout: 15_000 }).toContain('限时 40 分钟');
    // The first save of each question is held back, as on a slow network: a later save of the same question (a
    // matching item is answered select by select) must not overtake it, or the half-made answer would be stored last.
    const held = new Set<string>();
    await page.route('**/api/assessment/attempts/*/answers/*', async (route) => {
      const url = route.request().url();
      if (route.request().method() === 'PUT' && !held.has(url)) {
        held.add(url);
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
      await route.continue();
    });
    await page.getByRole('button', { name: '开始测验' }).click();

    const items = page.locator('li.assessment__question');
    await expect.poll(async () => items.count(), { timeout: 15_000 }).toBe(20);
    expect(await page.getByRole('timer').innerText()).toMatch(/^(39|40) 分 \d+ 秒$/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The drawn questions, in the order shown, identified by their prompts.
    const prompts = await items.locator('legend').allInnerTexts();
    const drawn = prompts.map((prompt) => [...bank.values()].find((question) => prompt.includes(question.prompt))!);
    expect(drawn.every(Boolean)).toBe(true);
    // Answer the first 17 rightly and leave the rest: 85 %, above the 80 % pass mark.
    for (let index = 0; index < 17; index++) await answerCorrectly(items.nth(index), drawn[index]!);
    await expect.poll(async () => page.getByText(/已答 \d+ \/ 20 题/).innerText(), { timeout: 15_000 }).toBe('已答 17 / 20 题');
    await expect.poll(async () => items.nth(16).locator('.assessment__save').innerText(), { timeout: 15_000 }).toContain('已保存');
    await expect.poll(async () => page.locator('.assessment__save--saving, .assessment__save--unsaved').count(), { timeout: 15_000 }).toBe(0);

    // A reload resumes the attempt with every saved answer.
    await page.reload();
    await expect.poll(async () => page.getByText(/已答 \d+ \/ 20 题/).innerText(), { timeout: 15_000 }).toBe('已答 17 / 20 题');

    page.once('dialog', (dialog) => {
      expect(dialog.message()).toBe('还有 3 题没有作答，确定现在交卷吗？');
      void dialog.accept();
    });
    await page.getByRole('button', { name: '交卷' }).click();
    await expect.poll(async () => page.locator('.assessment__result').innerText().catch(() => ''), { timeout: 15_000 }).toContain('得分 85%（及格线 80%），答对 17 / 20 题');
    const result = await page.locator('.assessment__result').innerText();
    expect(result).toContain('恭喜，你通过了结业测验！');
    expect(result).toContain(drawn[0]!.explanation);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('assessment-result-title');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.reload();
    await expect.poll(async () => page.locator('.assessment').innerText(), { timeout: 15_000 }).toContain('恭喜，你通过了结业测验！');
  });

  test('says plainly offline that the assessment needs a connection', async () => {
    await page.goto(`${baseUrl}/courses/icrm/assessment/`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.setOffline(true);
    try {
      await page.reload();
      await expect.poll(async () => page.locator('.assessment').innerText(), { timeout: 15_000 }).toContain('结业测验需要联网');
    } finally {
      await context.setOffline(false);
    }
  });
});
