import { z } from 'zod';
import { SlugSchema } from '../../course/schemas/course.ts';

const TextSchema = z.string().min(1);

/** Labelled blanks, one a line: names, dates, signatures. */
const FieldsBlockSchema = z.object({ kind: z.literal('fields'), fields: z.array(TextSchema).min(1) }).strict();

/** A table to fill in: an optional worked example row, rows labelled in advance, then blank rows. */
const TableBlockSchema = z
  .object({
    kind: z.literal('table'),
    caption: TextSchema.optional(),
    columns: z.array(TextSchema).min(2).max(8),
    /** Rows whose first cell is printed, e.g. the stages of a plan. */
    rowLabels: z.array(TextSchema).default([]),
    /** Blank rows after the labelled ones. */
    blankRows: z.number().int().min(0).max(20).default(0),
    /** A worked example shown as the first row, one cell a column. */
    example: z.array(z.string()).optional(),
  })
  .strict();

/** A chain of stages drawn left to right with boxes to fill in under each: the service chain map. */
const ChainBlockSchema = z
  .object({
    kind: z.literal('chain'),
    stages: z.array(TextSchema).min(2).max(5),
    /** Boxes under each stage. */
    slots: z.number().int().min(1).max(5),
  })
  .strict();

/** Ruled lines for free writing under a prompt. */
const LinesBlockSchema = z.object({ kind: z.literal('lines'), label: TextSchema, lines: z.number().int().min(1).max(12) }).strict();

/** A short list: a legend, a checklist, reminders. */
const ListBlockSchema = z.object({ kind: z.literal('list'), title: TextSchema.optional(), items: z.array(TextSchema).min(1) }).strict();

export const WorksheetBlockSchema = z.discriminatedUnion('kind', [
  FieldsBlockSchema,
  TableBlockSchema,
  ChainBlockSchema,
  LinesBlockSchema,
  ListBlockSchema,
]);
export type WorksheetBlock = z.output<typeof WorksheetBlockSchema>;

/** A printable worksheet of the trainer kit, in content/facilitator/worksheets/<id>.yaml. */
export const WorksheetSchema = z
  .object({
    id: SlugSchema,
    title: z.string().min(1).max(24),
    /** The lesson that teaches what the worksheet practises. */
    lesson: SlugSchema,
    summary: z.string().min(1).max(80),
    minutes: z.number().int().min(1).max(120),
    instructions: z.array(TextSchema).min(1),
    blocks: z.array(WorksheetBlockSchema).min(1),
  })
  .strict()
  .superRefine((worksheet, context) =>
    worksheet.blocks.forEach((block, index) => {
      if (block.kind !== 'table') return;
      if (block.example && block.example.length !== block.columns.length) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['blocks', index, 'example'],
          message: `示范行有 ${block.example.length} 格，表头有 ${block.columns.length} 列，应当一样多`,
        });
      }
      if (block.rowLabels.length + block.blankRows === 0) {
        context.addIssue({ code: z.ZodIssueCode.custom, path: ['blocks', index, 'blankRows'], message: '表格至少要有一行可填写（rowLabels 或 blankRows）' });
      }
    }),
  );
export type Worksheet = z.output<typeof WorksheetSchema>;
