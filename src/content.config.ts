import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { parse as parseYaml } from 'yaml';
import { CourseSchema } from './core/course/schemas/course.ts';
import { LessonSchema } from './core/course/schemas/lesson.ts';
import { GlossaryEntrySchema } from './core/course/schemas/glossary.ts';
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

const scenarios = defineCollection({
  loader: glob({ base: './content/scenarios', pattern: '*.yaml' }),
  schema: ScenarioSchema,
});

export const collections = { lessons, courses, glossary, scenarios };
