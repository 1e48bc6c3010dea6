import { z } from 'zod';
import { SlugSchema } from './course.ts';

export const LessonSchema = z
  .object({
    id: SlugSchema,
    title: z.string().min(1).max(24),
    module: SlugSchema,
    order: z.number().int().min(1),
    minutes: z.number().int().min(1).max(120),
    summary: z.string().min(1).max(80),
    objectives: z.array(z.string().min(1)).min(1),
    keyTerms: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type Lesson = z.output<typeof LessonSchema>;
