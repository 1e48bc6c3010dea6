import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { splitFrontmatter } from '../../src/core/course/lesson-tree.ts';
import { buildCourseOutline } from '../../src/core/course/outline.ts';
import { CourseSchema } from '../../src/core/course/schemas/course.ts';
import { LessonSchema } from '../../src/core/course/schemas/lesson.ts';
import type { DeckLesson } from '../../src/core/facilitator/slide-deck.ts';

/**
 * Reads the shipped course's lessons in course order with their MDX sources, for decks and agendas: only the files
 * needed, without the whole content check (which proves every role-play and takes seconds).
 */
export async function readShippedDeckLessons(): Promise<{ lesson: DeckLesson; source: string }[]> {
  const read = (path: string) => readFile(new URL(`../../content/${path}`, import.meta.url), 'utf8');
  const course = CourseSchema.parse(parseYaml(await read('course.yaml')));
  const ids = course.modules.flatMap((module) => module.lessons);
  const sources = new Map(await Promise.all(ids.map(async (id) => [id, await read(`lessons/${id}.mdx`)] as const)));
  const lessons = ids.map((id) => LessonSchema.parse(parseYaml(splitFrontmatter(sources.get(id)!).yaml ?? '')));
  return buildCourseOutline(course, lessons).lessons.map((lesson) => ({ lesson, source: sources.get(lesson.id)! }));
}
