import { z } from 'zod';

/** An id usable in a URL: lower-case ASCII words joined by hyphens. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '只能使用小写英文字母、数字和连字符（如 what-is-an-internal-customer）');

export const ModuleSchema = z
  .object({
    id: SlugSchema,
    title: z.string().min(1).max(20),
    summary: z.string().min(1),
    lessons: z.array(SlugSchema).min(1),
  })
  .strict();
export type Module = z.output<typeof ModuleSchema>;

export const ReferenceSchema = z
  .object({
    id: SlugSchema,
    authors: z.string().min(1),
    year: z.number().int().min(1900).max(2100),
    title: z.string().min(1),
    /** Journal, book series or publisher: where the work appeared. */
    source: z.string().min(1),
    note: z.string().min(1),
  })
  .strict();
export type Reference = z.output<typeof ReferenceSchema>;

/** `all` means every item of that kind in the course; a list names the required ones. */
const RequiredItemsSchema = z.union([z.literal('all'), z.array(SlugSchema).min(1)]);

export const CompletionRulesSchema = z
  .object({
    lessons: RequiredItemsSchema,
    practiceQuizzes: RequiredItemsSchema,
    scenarios: RequiredItemsSchema,
    finalAssessment: z
      .object({
        /** The id of the question bank in content/quizzes/ the server draws from; also the assessment's activity id. */
        bank: SlugSchema,
        questions: z.number().int().min(1),
        passMark: z.number().gt(0).max(1),
        /** How many attempts one enrolment allows. */
        attempts: z.number().int().min(1).max(10),
        /** Minutes an attempt may last before it is graded as it stands. */
        timeLimitMinutes: z.number().int().min(5).max(240),
      })
      .strict(),
    classroomAttendance: z.enum(['required', 'optional']),
  })
  .strict();
export type CompletionRules = z.output<typeof CompletionRulesSchema>;

export const CourseSchema = z
  .object({
    id: SlugSchema,
    title: z.string().min(1),
    summary: z.string().min(1),
    audience: z.array(z.string().min(1)).min(1),
    objectives: z.array(z.string().min(1)).min(1),
    modules: z.array(ModuleSchema).min(1),
    completion: CompletionRulesSchema,
    certificate: z.object({ validityMonths: z.number().int().min(1).max(120) }).strict(),
    references: z.array(ReferenceSchema).default([]),
  })
  .strict();
export type Course = z.output<typeof CourseSchema>;
