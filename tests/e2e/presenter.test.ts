import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { testAdmin } from '../support/e2e-server.ts';
import { createSession } from '../support/classroom.ts';
import { HttpSession } from '../support/http-client.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The facilitator's own HTTP session, to create classroom sessions as the facilitator page does. */
let trainer: HttpSession;
/** The join code of the session presented here, and its pages. */
let code: string;
let presentUrl: string;
let kitUrl: string;

/** The admin creates an account; returns its one-time invite link. */
async function invite(username: string, displayName: string, role: 'learner' | 'facilitator'): Promise<string> {
  const admin = new HttpSession({ baseUrl });
  await admin.signIn(testAdmin.username, testAdmin.password);
  const html = await (await admin.request('/admin/', { method: 'POST', form: { action: 'create-user', username, displayName, role } })).text();
  return /data-secret>([^<]+)</.exec(html)![1]!;
}

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  const link = await invite('trainer.zhou', '周讲师', 'facilitator');
  await page.goto(link);
  await page.getByLabel('新密码').fill('trainer-zhou-password');
  await page.getByLabel('再输入一次').fill('trainer-zhou-password');
  await page.getByRole('button', { name: '保存密码并登录' }).click();
  await page.waitForURL(`${baseUrl}/`);
  await context.clearCookies();
  trainer = new HttpSession({ baseUrl });
  await trainer.signIn('trainer.zhou', 'trainer-zhou-password');
  // Both lessons show the service chain diagram: one page then holds it twice, which must not repeat an id.
  code = await createSession(trainer, { lessons: ['what-is-an-internal-customer', 'case-workshop'] });
  presentUrl = `${baseUrl}/facilitator/sessions/${code}/present/`;
  kitUrl = `${baseUrl}/facilitator/sessions/${code}/kit/`;
});
afterAll(async () => {
  await browser?.close();
});

/** The heading of the slide a page shows. */
function shownSlideTitle(target: Page): Promise<string> {
  return target.locator('.slide:not([hidden]) .slide__title').innerText();
}

describe('the presenter view', () => {
  test('refuses a learner with 403 and sends a signed-out facilitator to sign in and back', async () => {
    const learner = new HttpSession({ baseUrl });
    const learnerInvite = new URL(await invite('learner.wu', '吴学员', 'learner'));
    await learner.request(learnerInvite.pathname, { method: 'POST', form: { password: 'learner-wu-password', confirm: 'learner-wu-password' } });
    for (const path of ['present', 'audience', 'kit']) {
      const response = await learner.request(`/facilitator/sessions/${code}/${path}/`);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('这个页面只对讲师和管理员开放');
      // A join code no session has is not found, for a facilitator too.
      expect((await trainer.request(`/facilitator/sessions/ZZZZZZ/${path}/`)).status).toBe(404);
    }

    await page.goto(presentUrl);
    await page.waitForURL(/\/signin\/\?next=/);
    await page.getByLabel('用户名').fill('trainer.zhou');
    await page.getByLabel('密码').fill('trainer-zhou-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(presentUrl);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`讲师视图 · 课堂 ${code}`);
    expect(await shownSlideTitle(page)).toBe('什么是内部客户');
    expect(await page.locator('[data-position]').innerText()).toBe('第 1 / 14 张');
    // The opening story is the facilitator's to tell: in the notes, not on the slide.
    expect(await page.locator('[data-notes-for="0"]').innerText()).toContain('开场');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  test('turns slides by keyboard, shows each slide’s notes and timer, and opens the overview with Esc', async () => {
    await page.goto(presentUrl);
    await page.keyboard.press('ArrowRight');
    expect(await shownSlideTitle(page)).toBe('内部客户的含义');
    await page.keyboard.press('Space');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    expect(await shownSlideTitle(page)).toBe('内部服务链怎样运转');
    expect(await page.locator('[data-position]').innerText()).toBe('第 5 / 14 张');
    const notes = page.locator('[data-notes-for]:not([hidden])');
    expect(await notes.innerText()).toContain('讲师提示 · 10 分钟');
    expect(await notes.innerText()).toContain('用红笔标出最常出问题的一环');
    // The figure is on the slide; the note is not.
    expect(await page.locator('.slide:not([hidden]) figure svg').count()).toBe(1);
    expect(await page.locator('.slide:not([hidden])').innerText()).not.toContain('用红笔标出');
    expect(await page.locator('[data-slide-planned]').innerText()).toBe('计划 13 分钟');

    // Turning a slide started the clock: the slide's and the whole session's time run.
    expect(await page.getByRole('button', { name: '暂停计时' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('[data-slide-elapsed]').innerText(), { timeout: 15_000 }).not.toBe('0:00');
    expect(await page.locator('[data-total-elapsed]').innerText()).not.toBe('0:00');
    await page.getByRole('button', { name: '暂停计时' }).click();
    expect(await page.getByRole('button', { name: '开始计时' }).getAttribute('aria-pressed')).toBe('false');

    await page.keyboard.press('End');
    expect(await shownSlideTitle(page)).toBe('要点回顾');
    expect(await page.locator('[data-notes-for]:not([hidden])').innerText()).toContain('思考与讨论');
    await page.keyboard.press('Home');
    expect(await shownSlideTitle(page)).toBe('什么是内部客户');
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('[data-position]').innerText()).toBe('第 1 / 14 张');

    await page.keyboard.press('Escape');
    const overview = page.getByRole('dialog', { name: '全部幻灯片' });
    expect(await overview.isVisible()).toBe(true);
    expect(await overview.getByRole('button').filter({ hasText: '第一步：画出服务链' }).innerText()).toBe('10. 第一步：画出服务链 · 20 分钟');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await overview.getByRole('button', { name: /第一步：画出服务链/ }).click();
    expect(await overview.isVisible()).toBe(false);
    expect(await shownSlideTitle(page)).toBe('第一步：画出服务链');

    // A reload mid-session comes back to the same slide.
    await page.reload();
    expect(await shownSlideTitle(page)).toBe('第一步：画出服务链');
  });

  test('opens an audience window that follows the presenter offline and shows results as bars', async () => {
    await page.goto(presentUrl);
    await page.keyboard.press('Home');
    const [audience] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: '打开观众窗口' }).click()]);
    audience.on('pageerror', (error) => {
      throw error;
    });
    await audience.waitForLoadState();
    expect(audience.url()).toBe(`${baseUrl}/facilitator/sessions/${code}/audience/`);
    await expect.poll(() => shownSlideTitle(audience), { timeout: 15_000 }).toBe('什么是内部客户');
    expect(await audience.locator('body').innerText()).not.toContain('讲师提示');

    // Once both are loaded, no server is needed to keep them in step.
    await context.setOffline(true);
    try {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => shownSlideTitle(audience), { timeout: 15_000 }).toBe('内部客户的含义');
      await page.keyboard.press('End');
      await expect.poll(() => shownSlideTitle(audience), { timeout: 15_000 }).toBe('要点回顾');
    } finally {
      await context.setOffline(false);
    }
    expect(await seriousAccessibilityViolations(audience)).toEqual([]);

    // The live part posts a question's results on the session's channel; the audience draws them.
    await page.evaluate((channelName) => {
      new BroadcastChannel(channelName).postMessage({
        type: 'results',
        questionId: 'ic-who-is-customer',
        prompt: '采购部的内部客户是谁？',
        options: [
          { id: 'a', label: '生产部', count: 9 },
          { id: 'b', label: '外部供应商', count: 3 },
          { id: 'c', label: '说不清', count: 0 },
        ],
        total: 12,
        key: ['a'],
      });
    }, `icrm-presenter:${code}`);
    const rows = audience.locator('.results__row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    expect(await audience.getByRole('heading', { name: '采购部的内部客户是谁？' }).isVisible()).toBe(true);
    expect(await audience.locator('.results__total').innerText()).toBe('共 12 人作答');
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/生产部\s*正确答案\s*9 人（75%）/),
      expect.stringMatching(/外部供应商\s*3 人（25%）/),
      expect.stringMatching(/说不清\s*0 人（0%）/),
    ]);
    const widths = await rows.locator('.results__fill').evaluateAll((fills) => fills.map((fill) => fill.getBoundingClientRect().width));
    expect(widths[0]).toBeGreaterThan(widths[1]!);
    expect(widths[2]).toBe(0);
    expect(await audience.locator('[data-slides]').isHidden()).toBe(true);
    expect(await seriousAccessibilityViolations(audience)).toEqual([]);

    // Turning the slide takes the results off the screen.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => audience.locator('[data-results]').isHidden(), { timeout: 15_000 }).toBe(true);
    expect(await shownSlideTitle(audience)).toBe('第四步：写下行动计划');
    await audience.close();
  });
});

describe('the trainer kit', () => {
  test('builds an agenda from the lessons, lists materials and groups, and prints the worksheets', async () => {
    await page.goto(kitUrl);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`讲师资料包 · 课堂 ${code}`);
    const agenda = page.locator('.kit__agenda');
    expect(await agenda.innerText()).toContain('第 2 课 什么是内部客户');
    expect(await agenda.innerText()).toContain('茶歇');
    expect(await agenda.innerText()).toMatch(/10 分钟：\s*展示服务链图后，请各小组选一个熟悉的业务流程/);
    expect(await page.getByRole('link', { name: /半天（约 3\.5 小时）/ }).getAttribute('aria-current')).toBe('page');

    for (const title of ['服务链地图', 'RACI 分工表', '内部服务约定', '30/90 天行动计划']) {
      expect(await page.getByRole('heading', { name: title, exact: true }).isVisible()).toBe(true);
    }
    expect(await page.locator('[data-worksheet="raci-table"]').innerText()).toContain('A（拍板）：最终决定并对结果负责的人，每个环节只能有一个');
    expect(await page.getByRole('heading', { name: '物料清单' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: '分组建议' }).isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: /两天/ }).click();
    await page.waitForURL(/template=two-day/);
    expect(await page.getByRole('heading', { name: '第二天' }).isVisible()).toBe(true);

    // On paper: no buttons or links to other templates, and every worksheet on a page of its own.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: '打印资料包' }).isVisible()).toBe(false);
    expect(await page.locator('.kit__templates').isVisible()).toBe(false);
    expect(await page.locator('.worksheet').evaluateAll((sheets) => sheets.map((sheet) => getComputedStyle(sheet).breakBefore))).toEqual([
      'page',
      'page',
      'page',
      'page',
    ]);
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.startsWith('%PDF')).toBe(true);
    // The agenda and materials take a few pages, then at least one page per worksheet.
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)!.length).toBeGreaterThanOrEqual(6);
    await page.emulateMedia({ media: 'screen' });
  });
});

describe('the audience window during a live session', () => {
  test('shows the room’s answers to a question the run page pushes, and marks the key once revealed', async () => {
    const live = await createSession(trainer, { lessons: ['respect-and-trust'] });
    const runUrl = `${baseUrl}/facilitator/sessions/${live}/`;
    await page.goto(runUrl);
    await expect.poll(() => page.locator('.live-run').innerText().catch(() => ''), { timeout: 15_000 }).toContain('课堂状态：未开放');

    // The run page opens the presenter view, which opens the audience window: three windows of one browser.
    const [presenter] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: /讲师视图/ }).click()]);
    await presenter.waitForLoadState();
    expect(presenter.url()).toBe(`${baseUrl}/facilitator/sessions/${live}/present/`);
    expect(await presenter.getByRole('link', { name: '课堂互动与签到' }).getAttribute('href')).toBe(`/facilitator/sessions/${live}/`);
    expect(await page.getByRole('link', { name: /讲师资料包/ }).getAttribute('href')).toBe(`/facilitator/sessions/${live}/kit/`);
    const [audience] = await Promise.all([presenter.waitForEvent('popup'), presenter.getByRole('link', { name: '打开观众窗口' }).click()]);
    audience.on('pageerror', (error) => {
      throw error;
    });
    await audience.waitForLoadState();
    await expect.poll(() => shownSlideTitle(audience), { timeout: 15_000 }).toBe('尊重与信任');

    await page.getByRole('button', { name: '开放加入' }).click();
    await expect.poll(() => page.locator('.live-run').innerText(), { timeout: 15_000 }).toContain('课堂状态：可加入');
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const phone = await phoneContext.newPage();
      await phone.goto(`${baseUrl}/join/?code=${live}`);
      await phone.getByLabel('姓名').fill('访客小赵');
      await phone.getByRole('button', { name: '加入课堂' }).click();
      await expect.poll(() => phone.locator('.live-phone').innerText().catch(() => ''), { timeout: 15_000 }).toContain('课堂还没开始');

      await page.getByRole('button', { name: '开始上课' }).click();
      await page.getByLabel('练习题').selectOption('rt-honest-schedule');
      await page.getByRole('button', { name: '推送这道题' }).click();
      const prompt = await page.locator('.live-run__prompt').innerText();
      const keyLetters = /答案（只有你能看到）：(.+)/.exec(await page.locator('.live-run__key').innerText())![1]!;

      // The question goes up at once with no answers, and without its key.
      const results = audience.locator('[data-results]');
      await expect.poll(() => results.isVisible(), { timeout: 15_000 }).toBe(true);
      expect(await audience.getByRole('heading', { name: prompt }).isVisible()).toBe(true);
      expect(await audience.locator('.results__total').innerText()).toBe('共 0 人作答');
      expect(await audience.locator('.results__row--key').count()).toBe(0);

      const options = phone.locator('.live-phone__option');
      await expect.poll(() => options.count(), { timeout: 15_000 }).toBeGreaterThan(1);
      const labels = await options.allInnerTexts();
      const right = labels.findIndex((label) => label.startsWith(`${keyLetters}.`));
      await options.nth(right).click();
      await phone.getByRole('button', { name: '提交答案' }).click();

      // The phone's answer reaches the run page and, from it, the projector.
      await expect.poll(() => audience.locator('.results__total').innerText(), { timeout: 15_000 }).toBe('共 1 人作答');
      const chosen = audience.locator(`.results__row`).nth(right);
      expect(await chosen.innerText()).toMatch(new RegExp(`^${keyLetters}\\.[\\s\\S]*1 人（100%）`));
      expect(await audience.locator('.results__row--key').count()).toBe(0);

      await page.getByRole('button', { name: '公布答案' }).click();
      await expect.poll(() => audience.locator('.results__row--key').count(), { timeout: 15_000 }).toBe(1);
      expect(await audience.locator('.results__row--key').innerText()).toMatch(new RegExp(`^${keyLetters}\\.[\\s\\S]*正确答案[\\s\\S]*1 人（100%）`));
      expect(await seriousAccessibilityViolations(audience)).toEqual([]);

      // Clearing the question gives the projector back to the slides.
      await page.getByRole('button', { name: '收起题目' }).click();
      await expect.poll(() => results.isHidden(), { timeout: 15_000 }).toBe(true);
      expect(await shownSlideTitle(audience)).toBe('尊重与信任');
    } finally {
      await phoneContext.close();
      await audience.close();
      await presenter.close();
    }
  });
});
