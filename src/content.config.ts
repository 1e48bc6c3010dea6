import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { parse as parseYaml } from 'yaml';
import { CourseSchema } from './core/course/schemas/course.ts';
import { LessonSchema } from './core/course/schemas/lesson.ts';
import { GlossaryEntrySchema } from './core/course/schemas/glossary.ts';
import { PracticeQuizSchema } from './core/quiz/schemas/quiz.ts';
import { ScenarioSchema } from './core/scenario/schemas/scenario.ts';

const lessons = defineCollection({
  loader: glob({ base: './content/lessons', pattern: '*.mdx' }),
  schema: LessonSchema,
});

const courses = defineCollection({
  loader: file('./content/course.yaml', {
    parser: (text) => {
      const course = parseYaml(text) as { id: string };
      return { [course.id]: course };
    },
  }),
  schema: CourseSchema,
});

const glossary = defineCollection({
  loader: file('./content/glossary.yaml', {
    // Keyed by term, so entries keep exactly the fields the schema allows.
    parser: (text) =>
      Object.fromEntries((parseYaml(text) as { term: string }[]).map((entry) => [entry.term, entry])),
  }),
  schema: GlossaryEntrySchema,
});

// Only practice quizzes (quiz-*.yaml) are loaded: the final assessment's bank (final-*.yaml) holds answer
// keys that must never reach a page or the browser, so it is read by the content check and the server only.
const quizzes = defineCollection({
  loader: glob({ base: './content/quizzes', pattern: 'quiz-*.yaml' }),
  schema: PracticeQuizSchema,
});

const scenarios = defineCollection({
  loader: glob({ base: './content/scenarios', pattern: '*.yaml' }),
  schema: ScenarioSchema,
});

export const collections = { lessons, courses, glossary, quizzes, scenarios };
