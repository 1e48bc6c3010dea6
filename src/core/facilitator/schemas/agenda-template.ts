import { z } from 'zod';
import { SlugSchema } from '../../course/schemas/course.ts';

/** A time of day on a 24-hour clock, as "09:00". */
export const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM（24 小时制），如 09:00');

/**
 * One stretch of a training day: `lessons` is filled with the session's lessons in order; `session` is a fixed item
 * of the programme (opening, role-play practice, action plans), `break` and `meal` are pauses.
 */
export const AgendaBlockSchema = z
  .object({
    kind: z.enum(['lessons', 'session', 'break', 'meal']),
    minutes: z.number().int().min(5).max(240),
    /** Required for every kind but `lessons`, whose contents are the lessons. */
    title: z.string().min(1).max(30).optional(),
    /** What the facilitator does in a `session` block. */
    detail: z.string().min(1).optional(),
    /** Worksheets (content/facilitator/worksheets/<id>.yaml) the block uses. */
    worksheets: z.array(SlugSchema).default([]),
  })
  .strict()
  .superRefine((block, context) => {
    if (block.kind !== 'lessons' && !block.title) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ['title'], message: '除 lessons 以外的时段都要写标题（如“茶歇”）' });
    }
    if (block.kind === 'lessons' && block.title) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ['title'], message: 'lessons 时段的内容就是所选课程，不写标题' });
    }
  });
export type AgendaBlock = z.output<typeof AgendaBlockSchema>;

export const AgendaDaySchema = z
  .object({
    title: z.string().min(1).max(20),
    start: ClockTimeSchema,
    blocks: z.array(AgendaBlockSchema).min(1),
  })
  .strict()
  .superRefine((day, context) => {
    const [hours, minutes] = day.start.split(':').map(Number) as [number, number];
    const end = hours * 60 + minutes + day.blocks.reduce((sum, block) => sum + block.minutes, 0);
    if (end > 24 * 60) context.addIssue({ code: z.ZodIssueCode.custom, path: ['blocks'], message: '这一天的安排超过了午夜 24:00' });
  });
export type AgendaDay = z.output<typeof AgendaDaySchema>;

/** A programme for one format of the course (half a day, one day, two days), in content/facilitator/agendas/. */
export const AgendaTemplateSchema = z
  .object({
    id: SlugSchema,
    title: z.string().min(1).max(20),
    summary: z.string().min(1).max(120),
    days: z.array(AgendaDaySchema).min(1),
  })
  .strict()
  .superRefine((template, context) => {
    if (!template.days.some((day) => day.blocks.some((block) => block.kind === 'lessons'))) {
      context.addIssue({ code: z.ZodIssueCode.custom, path: ['days'], message: '至少要有一个 kind: lessons 的时段来安排课程' });
    }
  });
export type AgendaTemplate = z.output<typeof AgendaTemplateSchema>;
