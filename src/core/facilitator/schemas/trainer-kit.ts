import { z } from 'zod';
import { SlugSchema } from '../../course/schemas/course.ts';

const TextSchema = z.string().min(1);

/** What every session's trainer kit says besides its agenda: content/facilitator/kit.yaml. */
export const TrainerKitSchema = z
  .object({
    materials: z
      .array(z.object({ item: TextSchema, quantity: TextSchema, detail: TextSchema.optional() }).strict())
      .min(1),
    groups: z
      .object({
        guidance: z.array(TextSchema).min(1),
        sizes: z.array(z.object({ participants: TextSchema, groups: TextSchema, detail: TextSchema }).strict()).min(1),
      })
      .strict(),
    /** The worksheets the kit prints, in order (content/facilitator/worksheets/<id>.yaml). */
    worksheets: z.array(SlugSchema).min(1),
  })
  .strict();
export type TrainerKit = z.output<typeof TrainerKitSchema>;
