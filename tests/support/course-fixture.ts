import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { checkContentDir, type ContentValidation } from '../../scripts/lib/content-files.ts';
import { buildCourseOutline } from '../../src/core/course/outline.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const contentDir = fileURLToPath(new URL('../../content/', import.meta.url));

/** Loads the shipped course content, failing loudly if it does not validate. */
export async function loadShippedContent(): Promise<Extract<ContentValidation, { ok: true }>['content']> {
  const result = await checkContentDir(contentDir, repoRoot);
  if (!result.ok) throw new Error(`shipped content is invalid: ${JSON.stringify(result.issues, null, 2)}`);
  return result.content;
}

/** The shipped course's lessons in reading order. */
export async function shippedOutline() {
  const { course, lessons } = await loadShippedContent();
  return { course, outline: buildCourseOutline(course, lessons) };
}

/** Reads a lesson's MDX source. */
export function readLessonSource(id: string): Promise<string> {
  return readFile(new URL(`../../content/lessons/${id}.mdx`, import.meta.url), 'utf8');
}

/** Returns the plain-text lines of every facilitator note in a lesson's MDX source. */
export function facilitatorNoteLines(source: string): string[] {
  return [...source.matchAll(/<FacilitatorNote\b[^>]*>([\s\S]*?)<\/FacilitatorNote>/g)].flatMap((match) =>
    (match[1] ?? '')
      .split('\n')
      .map((line) => line.replace(/^\s*([-*+]|\d+\.)\s+/, '').replace(/[*_`]/g, '').trim())
      .filter((line) => line.length >= 12),
  );
}
