import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Question } from '../../src/core/quiz/schemas/quiz.ts';
import { loadShippedContent, repoRoot } from '../support/course-fixture.ts';
import { pageScripts } from '../support/page-weight.ts';

const clientDir = join(repoRoot, 'dist', 'client');
let content: Awaited<ReturnType<typeof loadShippedContent>>;
/** Every built file for the browser, as text with \u escapes and numeric HTML entities decoded. */
const builtFiles = new Map<string, string>();

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat();
}

function decode(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** What would give a final question's answer away: its id, its correct options, every feedback and its explanation. */
function keyStrings(question: Question): string[] {
  const strings = [question.id, question.explanation];
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'situational':
      for (const option of question.options) {
        strings.push(option.feedback);
        if (option.correct) strings.push(option.text);
      }
      break;
    case 'true-false':
      strings.push(question.feedback.true, question.feedback.false);
      break;
    case 'ordering':
      strings.push(...question.items.map((item) => item.feedback));
      break;
    case 'matching':
      strings.push(...question.left.map((item) => item.feedback));
      break;
  }
  return strings;
}

beforeAll(async () => {
  content = await loadShippedContent();
  for (const file of await listFiles(clientDir)) {
    if (/\.(png|ico|woff2?|jpe?g|webp)$/.test(file)) continue;
    builtFiles.set(relative(clientDir, file), decode(await readFile(file, 'utf8')));
  }
});

describe('the built site for the browser (dist/client)', () => {
  test('contains no answer key, feedback, explanation or question id of the final-assessment bank', () => {
    expect(builtFiles.size).toBeGreaterThan(30);
    const bank = content.quizzes.final[0]!;
    // A bare “正确。” or “错误。” reveals nothing, and other pages say it (the verify page asks to check a date is 正确。).
    const telling = (key: string) => !/^(正确|错误|不对)[。！]?$/.test(key.trim());
    const leaks = bank.questions.flatMap((question) =>
      keyStrings(question).filter(telling).flatMap((key) =>
        [...builtFiles].filter(([, text]) => text.includes(key)).map(([file]) => `${question.id}: “${key}” in ${file}`),
      ),
    );
    expect(leaks).toEqual([]);
    // The bank's own id is public (it is the assessment's activity id in every statement); its file's title is not.
    expect([...builtFiles].filter(([, text]) => text.includes(bank.title)).map(([file]) => file)).toEqual([]);
  });

  test('does carry the practice quizzes, which the scan above would find if it looked for them', () => {
    const question = content.quizzes.practice[0]!.questions[0]!;
    expect([...builtFiles.values()].some((text) => keyStrings(question).every((key) => text.includes(key)))).toBe(true);
  });

  test('links every practice question to an anchor that exists on its lesson page', async () => {
    const missing: string[] = [];
    for (const quiz of content.quizzes.practice) {
      const html = builtFiles.get(`courses/${content.course.id}/${quiz.lesson}/index.html`)!;
      const hrefs = [...html.matchAll(/"href":\[0,"#([^"]+)"\]/g)].map((match) => match[1]!);
      expect(hrefs.length, quiz.id).toBe(quiz.questions.length);
      for (const anchor of hrefs) if (!html.includes(`id="${anchor}"`)) missing.push(`${quiz.lesson}#${anchor}`);
    }
    expect(missing).toEqual([]);
  });

  test('sends at most 150 KB of gzipped JavaScript with the heaviest lesson page', async () => {
    const weights = await Promise.all(
      content.quizzes.practice.map(async (quiz) => ({
        lesson: quiz.lesson,
        kb: (await pageScripts(clientDir, `courses/${content.course.id}/${quiz.lesson}/index.html`)).gzipBytes / 1024,
      })),
    );
    const heaviest = weights.reduce((a, b) => (b.kb > a.kb ? b : a));
    console.info(`heaviest lesson page: ${heaviest.lesson}, ${heaviest.kb.toFixed(1)} KB of gzipped JavaScript`);
    expect(heaviest.kb).toBeLessThanOrEqual(150);
  });
});
