import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { PracticeQuiz, Question } from '../../src/core/quiz/schemas/quiz.ts';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { loadShippedContent } from '../support/course-fixture.ts';

const baseUrl = inject('baseUrl');
const lessonId = 'continuous-improvement';
let browser: Browser;
let page: Page;
let quiz: PracticeQuiz;
let courseId: string;

beforeAll(async () => {
  const content = await loadShippedContent();
  courseId = content.course.id;
  quiz = content.quizzes.practice.find((candidate) => candidate.lesson === lessonId)!;
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
});
afterAll(async () => {
  await browser?.close();
});

const quizSection = () => page.locator('section.quiz');
const liveRegion = () => quizSection().locator('[aria-live]');

/** The accessible name of the focused element, as the tests need it: label, aria-label or text. */
function focusedName(): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return '';
    const label = element.getAttribute('aria-label');
    if (label) return label;
    if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) return element.labels?.[0]?.textContent?.trim() ?? '';
    return element.textContent?.trim() ?? '';
  });
}

/** Presses Tab (forwards) until the focused element's name matches, as a keyboard user would. */
async function tabTo(name: string | RegExp): Promise<void> {
  const matches = (text: string) => (typeof name === 'string' ? text === name : name.test(text));
  for (let presses = 0; presses < 120; presses++) {
    await page.keyboard.press('Tab');
    if (matches(await focusedName())) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

/** Reads the question index of the quiz's resume point from the device database, or null if none is stored. */
function storedResumeIndex(): Promise<number | null> {
  return page.evaluate(
    (quizId) =>
      new Promise<number | null>((resolve, reject) => {
        const open = indexedDB.open('icrm-learning');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('meta').objectStore('meta').getAll();
          request.onsuccess = () => {
            const record = (request.result as { key: string; value: { quizId?: string; index?: number } }[]).find(
              (candidate) => candidate.value?.quizId === quizId,
            );
            open.result.close();
            resolve(record?.value.index ?? null);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    quiz.id,
  );
}

/** Scrolls down with Page Down until the quiz has come to life. */
async function scrollToQuiz(): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    if ((await quizSection().getAttribute('data-ready')) !== null) return;
    await page.keyboard.press('PageDown');
    await page.waitForTimeout(100);
  }
  throw new Error('the quiz never became ready');
}

/** The quiz's height and the distance from its top to 要点回顾 below it, which a layout shift would change. */
function quizGeometry(target: Page) {
  return target.evaluate(() => {
    const quiz = document.querySelector('section.quiz')!.getBoundingClientRect();
    const keyPoints = document.querySelector('#key-points')!.getBoundingClientRect();
    return { height: Math.round(quiz.height), keyPointsBelow: Math.round(keyPoints.top - quiz.top) };
  });
}

async function currentQuestion(): Promise<Question> {
  const prompt = await quizSection().locator('legend').innerText();
  const question = quiz.questions.find((candidate) => prompt.endsWith(candidate.prompt));
  if (!question) throw new Error(`no question has the prompt ${prompt}`);
  return question;
}

/** Presses Tab until an input of the type has focus: the first checkbox, or the radio group. */
async function tabToInput(type: 'radio' | 'checkbox'): Promise<void> {
  for (let presses = 0; presses < 120; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => (document.activeElement as HTMLInputElement | null)?.type === wanted, type)) return;
  }
  throw new Error(`Tab never reached a ${type}`);
}

/** Chooses a radio option with the arrow keys, as a keyboard user moves within a radio group. */
async function chooseRadio(label: string): Promise<void> {
  await tabToInput('radio');
  const count = await quizSection().locator('input[type=radio]').count();
  for (let presses = 0; presses <= count; presses++) {
    if ((await focusedName()) === label) {
      await page.keyboard.press('Space');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no radio is labelled ${label}`);
}

/** Answers the current question by keyboard: rightly, or wrongly on purpose. */
async function answer(question: Question, rightly: boolean): Promise<void> {
  switch (question.type) {
    case 'single':
    case 'situational': {
      const option = question.options.find((candidate) => candidate.correct === rightly)!;
      await chooseRadio(option.text);
      break;
    }
    case 'true-false':
      await chooseRadio(question.answer === rightly ? '正确' : '错误');
      break;
    case 'multiple': {
      await tabToInput('checkbox');
      for (let i = 0; i < question.options.length; i++) {
        const name = await focusedName();
        const focused = question.options.find((candidate) => candidate.text === name)!;
        if (focused.correct === rightly) await page.keyboard.press('Space');
        if (i < question.options.length - 1) await page.keyboard.press('Tab');
      }
      break;
    }
    case 'ordering': {
      if (!rightly) break;
      for (const [position, item] of question.items.entries()) {
        const items = () => quizSection().locator('.quiz-order__text').allInnerTexts();
        if ((await items()).indexOf(item.text) === position) continue;
        await tabTo(`上移：${item.text}`);
        while ((await items()).indexOf(item.text) > position) await page.keyboard.press('Enter');
      }
      break;
    }
    case 'matching': {
      const rightTexts = await quizSection().locator('.quiz-match select').first().locator('option').allInnerTexts();
      for (const premise of question.left) {
        const partner = question.right.find((candidate) => candidate.id === premise.match)!;
        // A wrong answer pairs every premise with the first choice, whatever it is.
        const target = rightly ? rightTexts.indexOf(partner.text) : 1;
        await tabTo(premise.text);
        for (let step = 0; step < target; step++) await page.keyboard.press('ArrowDown');
      }
      break;
    }
  }
}

async function submit(): Promise<void> {
  await tabTo('提交');
  await page.keyboard.press('Enter');
  await expect.poll(() => quizSection().locator('.quiz-feedback__summary').count()).toBe(1);
}

async function next(): Promise<void> {
  await tabTo(/^(下一题|查看结果)$/);
  await page.keyboard.press('Enter');
}

describe('a practice quiz, by keyboard alone', () => {
  test('gives feedback, fails, retries shuffled, resumes after a reload, passes, and completes the lesson', async () => {
    await page.goto(`${baseUrl}/courses/${courseId}/${lessonId}/`);
    const progress = page.locator('[data-lesson-progress-label]');

    // Reading to the end first: the lesson waits for its quiz.
    await page.keyboard.press('End');
    await expect.poll(() => progress.innerText(), { timeout: 10_000 }).toBe('已读完 · 通过本课练习即完成本课');
    await page.keyboard.press('Home');

    await scrollToQuiz();
    expect(await quizSection().locator('.quiz__count').innerText()).toBe(`第 1 题，共 ${quiz.questions.length} 题`);
    // The prerendered quiz (what a reader sees before the island wakes) takes the same room as the live one.
    const prerendered = await (await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false })).newPage();
    await prerendered.goto(page.url());
    expect(await quizGeometry(page), 'no layout shift when the quiz comes to life').toEqual(await quizGeometry(prerendered));
    await prerendered.context().close();
    expect(await seriousAccessibilityViolations(page), 'axe on an ordering question').toEqual([]);

    // Question 1, ordering: moved by the 上移 buttons, focus follows the item, the move is announced.
    const first = await currentQuestion();
    expect(first.type).toBe('ordering');
    const last = await quizSection().locator('.quiz-order__text').last().innerText();
    await tabTo(`上移：${last}`);
    await page.keyboard.press('Enter');
    expect(await focusedName()).toBe(`上移：${last}`);
    await expect.poll(() => liveRegion().innerText()).toBe(`“${last}”移到了第 3 位`);
    await submit();
    expect(await focusedName()).toMatch(/^(回答错误|部分正确，本题得 \d+%)$/);
    expect(await liveRegion().innerText()).toBe(await focusedName());
    expect(await quizSection().locator('.quiz-order__item[data-state=wrong]').count()).toBeGreaterThan(0);

    await tabTo('查看解析');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('button', { name: '查看解析' }).getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => quizSection().locator('.quiz-explanation').isVisible()).toBe(true);
    expect(await seriousAccessibilityViolations(page), 'axe on feedback with the explanation').toEqual([]);
    await next();
    await expect.poll(() => focusedName()).toBe(`第 2 题，共 ${quiz.questions.length} 题`);

    // Question 2, matching: an incomplete answer is refused with a hint, then answered wrongly.
    const second = await currentQuestion();
    expect(second.type).toBe('matching');
    await tabTo('提交');
    await page.keyboard.press('Enter');
    await expect.poll(() => liveRegion().innerText()).toBe('请为每一项都选好配对再提交。');
    await answer(second, false);
    await submit();
    await next();

    // A reload in the middle of the quiz comes back to the same question.
    await expect.poll(() => quizSection().locator('.quiz__count').innerText()).toBe(`第 3 题，共 ${quiz.questions.length} 题`);
    // The resume point is written to IndexedDB right after the step; a reload in the same instant could beat it.
    await expect.poll(() => storedResumeIndex()).toBe(2);
    await page.reload();
    await scrollToQuiz();
    expect(await quizSection().locator('.quiz__count').innerText()).toBe(`第 3 题，共 ${quiz.questions.length} 题`);
    expect(await liveRegion().innerText()).toBe('已回到你上次答到的地方。');

    for (let index = 3; index <= quiz.questions.length; index++) {
      await answer(await currentQuestion(), false);
      await submit();
      await next();
    }

    // The result: not passed, with a link back to the section of every wrong answer.
    await expect.poll(() => focusedName()).toBe('练习结果');
    expect(await quizSection().locator('.quiz-result__verdict').innerText()).toBe('这次还没有通过。回看下面的内容，再试一次吧。');
    const reviewLinks = quizSection().locator('.quiz-result__review a');
    expect(await reviewLinks.count()).toBe(quiz.questions.length);
    for (const href of await reviewLinks.evaluateAll((links) => links.map((link) => link.getAttribute('href')!))) {
      expect(await page.locator(`[id="${decodeURIComponent(href.slice(1))}"]`).count(), href).toBe(1);
    }
    expect(await seriousAccessibilityViolations(page), 'axe on the result').toEqual([]);

    // 重新作答: everything reshuffled, then every question answered rightly.
    const firstOrder = quiz.questions.map((question) => question.id);
    await tabTo('重新作答');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedName()).toBe(`第 1 题，共 ${quiz.questions.length} 题`);
    const asked: string[] = [];
    const optionOrders: string[][] = [];
    for (let index = 1; index <= quiz.questions.length; index++) {
      const question = await currentQuestion();
      asked.push(question.id);
      if (question.type === 'single' || question.type === 'multiple' || question.type === 'situational') {
        optionOrders.push(await quizSection().locator('.quiz-option__label').allInnerTexts());
      }
      await answer(question, true);
      await submit();
      expect(await focusedName()).toBe('回答正确');
      await next();
    }
    // Shuffled: the chance that questions and options all come back in the authored order is below one in a million.
    const authoredOptions = asked
      .map((id) => quiz.questions.find((question) => question.id === id)!)
      .flatMap((question) => ('options' in question ? [question.options.map((option) => option.text)] : []));
    expect([asked, optionOrders]).not.toEqual([firstOrder, authoredOptions]);
    expect(new Set(asked)).toEqual(new Set(firstOrder));
    expect(await quizSection().locator('.quiz-result__verdict').innerText()).toBe('恭喜，你通过了本课练习！');
    expect(await quizSection().locator('.quiz-result__score').innerText()).toMatch(/^得分 100%（及格线 80%）$/);

    // Reached the end before, passed now: the lesson completes, and the report counts the quiz.
    await expect.poll(() => progress.innerText()).toBe('本课已完成');
    await page.goto(`${baseUrl}/report/`);
    const row = page.getByRole('row', { name: new RegExp(quiz.title) });
    await expect.poll(() => row.innerText()).toMatch(/\t2\t100%\t已通过$/);
  });
});
