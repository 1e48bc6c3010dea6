import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { facilitatorNoteLines, readLessonSource, shippedOutline } from '../support/course-fixture.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

async function visibleText(page: Page): Promise<string> {
  return page.locator('body').innerText();
}

describe('a self-study learner walking the course', () => {
  test('reaches every lesson from the catalogue with 下一课, sees no facilitator note, and every page passes axe', async () => {
    const { course, outline } = await shippedOutline();
    await page.goto(`${baseUrl}/`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: course.title }).first().click();
    await expect.poll(() => page.locator('h1').innerText()).toBe(course.title);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: '开始学习' }).click();
    for (const [index, lesson] of outline.lessons.entries()) {
      await expect.poll(() => page.locator('h1').innerText()).toBe(lesson.title);
      expect(new URL(page.url()).pathname).toBe(`/courses/${course.id}/${lesson.id}/`);
      const text = await visibleText(page);
      expect(text).toContain(`第 ${index + 1} 课`);
      expect(text).toContain('学习目标');
      expect(text).toContain('要点回顾');
      expect(text).toContain('思考与讨论');

      const notes = facilitatorNoteLines(await readLessonSource(lesson.id));
      expect(notes.length, `${lesson.id} has facilitator notes to hide`).toBeGreaterThan(0);
      const html = await page.content();
      for (const note of notes) expect(html, `${lesson.id} leaks a facilitator note`).not.toContain(note);

      expect(await seriousAccessibilityViolations(page), `axe on ${lesson.id}`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${lesson.id} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
      if (lesson.next) await page.getByRole('link', { name: /下一课/ }).click();
    }
    expect(await page.getByRole('link', { name: /下一课/ }).count()).toBe(0);
    expect(await visibleText(page)).toContain('这是最后一课');
  });

  test('walks back with 上一课 from the second lesson to the first', async () => {
    const { course, outline } = await shippedOutline();
    const [first, second] = outline.lessons;
    await page.goto(`${baseUrl}/courses/${course.id}/${second!.id}/`);
    await page.getByRole('link', { name: /上一课/ }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe(first!.title);
  });
});
