import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatContentIssue } from '../../src/core/course/content-issues.ts';
import { quizSearchSource } from '../../src/core/quiz/practice-quiz.ts';
import type { SearchSources } from '../../src/core/search/documents.ts';
import { checkContentDir, stripFrontmatter } from './content-files.ts';

/** Reads the course under `contentDir` as the search indexer needs it, the way the site's build does. */
export async function readSearchSources(contentDir: string, rootDir = process.cwd()): Promise<SearchSources> {
  const result = await checkContentDir(contentDir, rootDir);
  if (!result.ok) throw new Error(`课程内容有问题：\n${result.issues.map(formatContentIssue).join('\n')}`);
  const { course, lessons, glossary, quizzes } = result.content;
  return {
    courseId: course.id,
    lessons: await Promise.all(
      lessons.map(async (lesson) => ({
        ...lesson,
        body: stripFrontmatter(await readFile(join(contentDir, 'lessons', `${lesson.id}.mdx`), 'utf8')),
      })),
    ),
    glossary,
    quizzes: quizzes.practice.map(quizSearchSource),
  };
}
