import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { parse as parseYaml } from 'yaml';
import { CourseSchema } from './core/course/schemas/course.ts';
import { LessonSchema } from './core/course/schemas/lesson.ts';
import { GlossaryEntrySchema } from './core/course/schemas/glossary.ts';
import { PracticeQuizSchema } from './core/quiz/schemas/quiz.ts';
import { ScenarioSchema } from './core/scenario/schemas/scenario.ts';
import { AgendaTemplateSchema } from './core/facilitator/schemas/agenda-template.ts';
import { TrainerKitSchema } from './core/facilitator/schemas/trainer-kit.ts';
import { WorksheetSchema } from './core/facilitator/schemas/worksheet.ts';

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

// The trainer kit (content/facilitator/): read by the facilitator's pages, which are rendered on the server for
// facilitators only, so none of it is prerendered into a public page.
const agendaTemplates = defineCollection({
  loader: glob({ base: './content/facilitator/agendas', pattern: '*.yaml' }),
  schema: AgendaTemplateSchema,
});

const worksheets = defineCollection({
  loader: glob({ base: './content/facilitator/worksheets', pattern: '*.yaml' }),
  schema: WorksheetSchema,
});

const trainerKit = defineCollection({
  loader: file('./content/facilitator/kit.yaml', { parser: (text) => ({ kit: parseYaml(text) as Record<string, unknown> }) }),
  schema: TrainerKitSchema,
});

export const collections = { lessons, courses, glossary, quizzes, scenarios, agendaTemplates, worksheets, trainerKit };
