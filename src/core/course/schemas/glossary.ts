import { z } from 'zod';
import { SlugSchema } from './course.ts';

export const GlossaryEntrySchema = z
  .object({
    term: z.string().min(1),
    en: z.string().min(1).optional(),
    definition: z.string().min(1),
    /** Other names learners use for the term: searched like the term and accepted as its use in a lesson. */
    aliases: z.array(z.string().min(1)).default([]),
    lessons: z.array(SlugSchema).min(1),
    related: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type GlossaryEntry = z.output<typeof GlossaryEntrySchema>;

export const GlossarySchema = z.array(GlossaryEntrySchema).min(1);
