import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CheckedScenario } from '../../src/core/scenario/check-scenarios.ts';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { seededShuffle } from '../../src/core/scenario/shuffle.ts';
import { loadShippedScenarios } from '../support/scenario-fixture.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let scenarios: CheckedScenario[];

beforeAll(async () => {
  browser = await launchBrowser();
  scenarios = await loadShippedScenarios();
});
afterAll(async () => {
  await browser?.close();
});

async function openPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
  return { context, page: await context.newPage() };
}

function shipped(id: string): CheckedScenario {
  return scenarios.find((candidate) => candidate.scenario.id === id)!;
}

/** The text the learner says for a choice ref. */
function said({ scenario }: CheckedScenario, ref: string): string {
  const [nodeId, choiceId] = ref.split('.');
  return scenario.nodes.find((node) => node.id === nodeId)!.choices.find((choice) => choice.id === choiceId)!.text;
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

/** Presses Tab until the button with this text has focus, then Enter: the way a keyboard user chooses. */
async function pressButton(page: Page, text: string): Promise<void> {
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab');
    if ((await focusedText(page)) === text) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`no button “${text}” reached with Tab`);
}

/** Waits until the role-play has saved its latest step to the device store. */
async function savedSteps(page: Page, scenarioId: string): Promise<number> {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('icrm-learning');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('scenarioSnapshots').objectStore('scenarioSnapshots').get(id);
          get.onsuccess = () => resolve(get.result?.snapshot?.snapshot?.context?.choices?.length ?? -1);
          get.onerror = () => reject(get.error);
        };
      }),
    scenarioId,
  );
}

describe('a learner playing a role-play by keyboard', () => {
  test('reaches the best ending, resumes after a reload mid-dialogue, sees the debrief and is counted in the report', async () => {
    const checked = shipped('urgent-data-request');
    const { bestPath, bestEnding } = checked.figures;
    const ending = checked.scenario.endings.find((candidate) => candidate.id === bestEnding)!;
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/courses/icrm/scenarios/urgent-data-request/`);
    await expect.poll(() => page.locator('[data-role-play]').getAttribute('data-phase')).toBe('intro');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await pressButton(page, '开始演练');
    await expect.poll(() => page.locator('.role-play__dialogue li').count()).toBe(1);
    const half = Math.ceil(bestPath.length / 2);
    for (const [i, ref] of bestPath.slice(0, half).entries()) {
      await pressButton(page, said(checked, ref));
      await expect.poll(() => page.locator('.role-play__dialogue li').count()).toBe(i + 2);
      // Focus follows the dialogue: the new line is where a screen reader continues.
      expect(await page.evaluate(() => document.activeElement?.closest('.role-play__dialogue') !== null)).toBe(true);
    }
    expect(await page.locator('[data-principle="respect"]').innerText()).toMatch(/尊重与信任\s*[+−]?\d/);
    expect(await page.locator('[data-role-play-status]').innerText()).toMatch(/^得分变化：|这一步得分没有变化/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await expect.poll(() => savedSteps(page, 'urgent-data-request')).toBe(half);
    // The choices come in this play's own order, which a reload keeps.
    const shownBefore = await page.locator('.role-play__choices .role-play__choice').allInnerTexts();

    await page.reload();
    await expect.poll(() => page.locator('.role-play__dialogue li').count()).toBe(half + 1);
    expect(await page.locator('.role-play__choices .role-play__choice').allInnerTexts()).toEqual(shownBefore);
    expect(await page.locator('.role-play__dialogue').innerText()).toContain(said(checked, bestPath[half - 1]!));
    expect(await page.locator('[data-role-play-status]').innerText()).toBe('已回到你上次离开的地方。');

    for (const ref of bestPath.slice(half)) await pressButton(page, said(checked, ref));
    const heading = page.getByRole('heading', { name: `结局：${ending.title}` });
    await expect.poll(() => heading.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`结局：${ending.title}`);
    const debrief = page.locator('.role-play__ending');
    expect(await debrief.innerText()).toContain('评价：最佳');
    expect(await debrief.innerText()).toContain(ending.debrief.slice(0, 20));
    expect(await debrief.innerText()).toContain('你走的正是最佳路径。');
    expect(await debrief.locator('[data-path="learner"] li').allInnerTexts()).toEqual(bestPath.map((ref) => said(checked, ref)));
    expect(await debrief.locator('[data-path="best"] li').allInnerTexts()).toEqual(bestPath.map((ref) => said(checked, ref)));
    expect(await page.getByRole('button', { name: '再试一次' }).isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // A reload at the ending shows the debrief again rather than starting over.
    await page.reload();
    await expect.poll(() => page.locator('.role-play__ending').isVisible()).toBe(true);

    await page.goto(`${baseUrl}/report/`);
    const row = page.getByRole('row', { name: new RegExp(checked.scenario.title) });
    await expect.poll(() => row.count()).toBe(1);
    expect((await row.locator('td').allInnerTexts()).map((cell) => cell.trim())).toEqual(['1', '1', '最佳']);

    // The course home lists every role-play, with this one done.
    await page.goto(`${baseUrl}/courses/icrm/`);
    const status = page.locator('[data-scenario-status="urgent-data-request"]');
    await expect.poll(() => status.innerText()).toBe('已完成 · 最好评价：最佳');
    expect(await page.locator('[data-scenario-status]').count()).toBe(5);
    expect(await page.locator('[data-scenario-status="survey-feedback"]').innerText()).toBe('未开始');
    await page.getByRole('link', { name: checked.scenario.title }).click();
    await page.waitForURL(/\/scenarios\/urgent-data-request\/$/);
    await context.close();
  });

  test('takes a choice back with 换个说法, passes axe in dark mode, and follows a debrief link to its lesson section', async () => {
    const checked = shipped('survey-feedback');
    const { context, page } = await openPage({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/courses/icrm/scenarios/survey-feedback/`);
    await page.getByRole('button', { name: '开始演练' }).click();
    const first = checked.scenario.nodes[0]!.choices.find((choice) => choice.id === 'doubt-the-survey')!;
    await page.getByRole('button', { name: first.text }).click();
    await expect.poll(() => page.locator('[data-principle="improvement"]').getAttribute('data-value')).toBe('-1');
    await page.getByRole('button', { name: '换个说法' }).click();
    await expect.poll(() => page.locator('[data-principle="improvement"]').getAttribute('data-value')).toBe('0');
    expect(await page.locator('[data-role-play-status]').innerText()).toBe('已撤回上一次选择。');
    expect(await page.getByRole('button', { name: first.text }).isVisible()).toBe(true);

    // Without finding why progress stays hidden, the plan for sales is shown but out of reach, with the story's reason.
    const choiceText = (id: string) => checked.scenario.nodes.flatMap((node) => node.choices).find((candidate) => candidate.id === id)!;
    for (const id of ['read-every-comment', 'acknowledge-load', 'daily-update-rule']) {
      await page.getByRole('button', { name: choiceText(id).text }).click();
    }
    const plan = page.getByRole('button', { name: choiceText('show-the-plan').text });
    await expect.poll(() => plan.getAttribute('aria-disabled')).toBe('true');
    const reason = choiceText('show-the-plan').unavailable!;
    expect(await plan.evaluate((button) => document.getElementById(button.getAttribute('aria-describedby')!)?.textContent)).toBe(
      `现在还不能这样说：${reason}`,
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // It stays reachable by keyboard, so its reason is read, but choosing it does nothing.
    await plan.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('.role-play__dialogue li').count()).toBe(4);
    await page.getByRole('button', { name: '从头再来' }).click();
    await expect.poll(() => page.locator('.role-play__dialogue li').count()).toBe(1);

    // The shortest way to an ending here: doubt, then side with the team, then insist on norms (standoff).
    for (const id of ['doubt-the-survey', 'explain-at-meeting', 'side-with-team', 'insist-on-norms']) {
      const choice = checked.scenario.nodes.flatMap((node) => node.choices).find((candidate) => candidate.id === id)!;
      await page.getByRole('button', { name: choice.text }).click();
    }
    await expect.poll(() => page.locator('.role-play__ending').getAttribute('data-ending')).toBe('standoff');
    expect(await page.locator('.role-play__ending').innerText()).toContain('从第 1 步起，你的选择与最佳路径不同。');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const link = page.locator('.role-play__ending a').first();
    expect(await link.innerText()).toBe('沟通与反馈 › 给出与接收反馈');
    await link.click();
    await page.waitForURL(/\/communication-and-feedback\/#/);
    expect(await page.locator(':target').innerText()).toBe('给出与接收反馈');
    await context.close();
  });
});

describe('a finished role-play', () => {
  /** Reads or changes a scenario's saved attempt in the device store, without the page's own code. */
  function savedAttempt(page: Page, scenarioId: string, change?: Record<string, unknown>) {
    return page.evaluate(
      ({ scenarioId, change }) =>
        new Promise<{ completionRecorded?: boolean; completion?: { id: string } } | undefined>((resolve, reject) => {
          const open = indexedDB.open('icrm-learning');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const store = open.result.transaction('scenarioSnapshots', 'readwrite').objectStore('scenarioSnapshots');
            const get = store.get(scenarioId);
            get.onsuccess = () => {
              const record = get.result;
              if (record && change) store.put({ ...record, snapshot: { ...record.snapshot, ...change } });
              resolve(record?.snapshot);
            };
            get.onerror = () => reject(get.error);
          };
        }),
      { scenarioId, change },
    );
  }

  function completedStatements(page: Page, scenarioId: string): Promise<string[]> {
    return page.evaluate(
      (scenarioId) =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('icrm-learning');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('statements').objectStore('statements').getAll();
            all.onsuccess = () =>
              resolve(
                all.result
                  .map((row: { statement: { id: string; verb: { id: string }; object: { id: string } } }) => row.statement)
                  .filter((s) => s.verb.id.endsWith('/completed') && s.object.id.endsWith(`/scenario/${scenarioId}`))
                  .map((s) => s.id),
              );
            all.onerror = () => reject(all.error);
          };
        }),
      scenarioId,
    );
  }

  test('is recorded once when it is resumed before its completion was marked as recorded', async () => {
    const checked = shipped('survey-feedback');
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/courses/icrm/scenarios/survey-feedback/`);
    await page.getByRole('button', { name: '开始演练' }).click();
    for (const id of ['doubt-the-survey', 'explain-at-meeting', 'side-with-team', 'insist-on-norms']) {
      const choice = checked.scenario.nodes.flatMap((node) => node.choices).find((candidate) => candidate.id === id)!;
      await page.getByRole('button', { name: choice.text }).click();
    }
    await expect.poll(() => page.locator('.role-play__ending').getAttribute('data-ending')).toBe('standoff');
    await expect.poll(async () => (await savedAttempt(page, 'survey-feedback'))?.completionRecorded).toBe(true);
    const [recorded] = await completedStatements(page, 'survey-feedback');
    expect((await savedAttempt(page, 'survey-feedback'))?.completion?.id).toBe(recorded);

    // As if the tab had closed after the ending was kept but before it was marked recorded (or a second tab resumed it).
    await savedAttempt(page, 'survey-feedback', { completionRecorded: false });
    await page.reload();
    await expect.poll(() => page.locator('.role-play__ending').getAttribute('data-ending')).toBe('standoff');
    await expect.poll(async () => (await savedAttempt(page, 'survey-feedback'))?.completionRecorded).toBe(true);
    expect(await completedStatements(page, 'survey-feedback')).toEqual([recorded]);
    await context.close();
  });
});

describe('a role-play embedded in its lesson', () => {
  test('closes its section, hydrates when scrolled to, and the lesson stays axe-clean', async () => {
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/courses/icrm/implementation-challenges/`);
    const rolePlays = page.locator('[data-role-play]');
    expect(await rolePlays.count()).toBe(2);
    // Each sits at the end of its section: after that section's content, right before the next ## heading.
    const placement = await page.evaluate(() =>
      [...document.querySelectorAll('.role-play-slot')].map((slot) => {
        let heading = slot.previousElementSibling;
        while (heading && heading.tagName !== 'H2') heading = heading.previousElementSibling;
        return [heading?.textContent, slot.nextElementSibling?.tagName];
      }),
    );
    expect(placement).toEqual([
      ['挑战二：职责边界模糊', 'H2'],
      ['挑战三：员工心存抵触', 'H2'],
    ]);
    await rolePlays.first().scrollIntoViewIfNeeded();
    await expect.poll(() => rolePlays.first().getAttribute('data-phase')).toBe('intro');
    expect(await rolePlays.first().getByRole('heading', { level: 3 }).innerText()).toBe('新人的电脑去哪了');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The island follows the interface language switch (in the phone header's 菜单); the scenario itself stays Chinese.
    await page.locator('summary', { hasText: '菜单' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    // English loads on first use, so the switch takes a moment.
    await rolePlays.first().getByRole('button', { name: 'Start the role-play' }).waitFor();
    expect(await rolePlays.first().innerText()).toContain('You play 吴婷 (人力资源部 · 入职专员)');
    await context.close();
  });

  test('keeps the heaviest lesson page within 150 KB of JavaScript (gzip)', async () => {
    const sizes = new Map<string, number>();
    const { context, page } = await openPage();
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      const body = await response.body().catch(() => undefined);
      if (body) sizes.set(response.url(), gzipSync(body).length);
    });
    // A lesson with a role-play loads the most JavaScript of any lesson; this one embeds two.
    await page.goto(`${baseUrl}/courses/icrm/implementation-challenges/`);
    for (const rolePlay of await page.locator('[data-role-play]').all()) {
      await rolePlay.scrollIntoViewIfNeeded();
      await expect.poll(() => rolePlay.getAttribute('data-phase')).toBe('intro');
    }
    await page.waitForLoadState('networkidle');
    const total = [...sizes.values()].reduce((sum, size) => sum + size, 0) / 1024;
    const files = [...sizes].map(([url, size]) => `${new URL(url).pathname} ${(size / 1024).toFixed(1)} KB`);
    console.info(`heaviest lesson page JS: ${total.toFixed(1)} KB gzip\n  ${files.join('\n  ')}`);
    expect(total).toBeLessThanOrEqual(150);
    await context.close();
  });
});

describe('group mode', () => {
  test('takes choices only from outside, ignores late votes, reaches the ending on the same machine and records nothing', async () => {
    const checked = shipped('unclear-ownership');
    const { context, page } = await openPage();
    await page.goto(`${baseUrl}/courses/icrm/scenarios/unclear-ownership/?mode=group&seed=123`);
    await page.evaluate(() => {
      const steps: unknown[] = [];
      (window as unknown as { roomSteps: unknown[] }).roomSteps = steps;
      window.addEventListener('icrm:role-play-step', (event) => steps.push((event as CustomEvent).detail));
    });
    await expect.poll(() => page.locator('[data-role-play]').getAttribute('data-mode')).toBe('group');
    await page.getByRole('button', { name: '开始演练' }).click();
    const firstNode = checked.scenario.nodes[0]!;
    await expect.poll(() => page.evaluate(() => (window as unknown as { roomSteps: { node: string }[] }).roomSteps.at(-1)?.node)).toBe(
      firstNode.id,
    );
    expect(await page.locator('.role-play__options li').count()).toBe(firstNode.choices.length);
    // Every screen of the class shows the order the session's seed gives, and the room is told that seed.
    const order = seededShuffle(firstNode.choices, 123, firstNode.id).map((choice) => choice.id);
    expect(await page.locator('.role-play__options li').evaluateAll((items) => items.map((item) => item.getAttribute('data-choice')))).toEqual(order);
    const firstStep = await page.evaluate(
      () => (window as unknown as { roomSteps: { seed: number; choices: { id: string }[] }[] }).roomSteps.at(-1)!,
    );
    expect(firstStep.seed).toBe(123);
    expect(firstStep.choices.map((choice) => choice.id)).toEqual(order);
    expect(await page.getByRole('button', { name: firstNode.choices[0]!.text }).count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const vote = (node: string, choice: string) =>
      page.evaluate(
        (detail) => window.dispatchEvent(new CustomEvent('icrm:role-play-choice', { detail })),
        { scenarioId: 'unclear-ownership', node, choice },
      );
    const [firstRef, ...rest] = checked.figures.bestPath;
    const [node, choice] = firstRef!.split('.') as [string, string];
    await vote(node, choice);
    await expect.poll(() => page.locator('.role-play__dialogue li').count()).toBe(2);
    // A late vote for the node already decided changes nothing.
    await vote(node, firstNode.choices.at(-1)!.id);
    expect(await page.locator('.role-play__dialogue li').count()).toBe(2);
    expect(await page.locator('[data-role-play-status]').innerText()).toContain(`全班选择了：${said(checked, firstRef!)}`);

    for (const ref of rest) {
      const [at, id] = ref.split('.') as [string, string];
      await vote(at, id);
    }
    await expect.poll(() => page.locator('.role-play__ending').getAttribute('data-ending')).toBe(checked.figures.bestEnding);
    const steps = await page.evaluate(() => (window as unknown as { roomSteps: { node: string | null; ending: string | null }[] }).roomSteps);
    expect(steps.at(-1)).toMatchObject({ node: null, ending: checked.figures.bestEnding });
    expect(steps.map((step) => step.node).filter(Boolean)).toEqual(checked.figures.bestPath.map((ref) => ref.split('.')[0]));

    const recorded = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('icrm-learning');
          open.onsuccess = () => {
            const names = [...open.result.objectStoreNames];
            if (!names.includes('statements')) return resolve(0);
            const all = open.result.transaction('statements').objectStore('statements').getAll();
            all.onsuccess = () =>
              resolve(all.result.filter((record: { statement: { object: { id: string } } }) => record.statement.object.id.includes('/scenario/')).length);
          };
        }),
    );
    expect(recorded).toBe(0);
    await context.close();
  });
});
