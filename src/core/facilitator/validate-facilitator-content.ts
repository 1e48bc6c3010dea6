import type { z } from 'zod';
import { zodErrorToContentIssues, type ContentIssue } from '../course/content-issues.ts';
import type { RawContentFile } from '../course/validate-course.ts';
import { AgendaTemplateSchema, type AgendaTemplate } from './schemas/agenda-template.ts';
import { TrainerKitSchema, type TrainerKit } from './schemas/trainer-kit.ts';
import { WorksheetSchema, type Worksheet } from './schemas/worksheet.ts';

export interface RawFacilitatorContent {
  /** content/facilitator/agendas/*.yaml */
  agendas: RawContentFile[];
  /** content/facilitator/worksheets/*.yaml */
  worksheets: RawContentFile[];
  /** content/facilitator/kit.yaml */
  kit: RawContentFile;
  /** Ids of the course's lessons, which worksheets name. */
  lessonIds: ReadonlySet<string>;
}

export interface FacilitatorContent {
  agendas: AgendaTemplate[];
  worksheets: Worksheet[];
  kit: TrainerKit;
}

export type FacilitatorValidation = { ok: true; content: FacilitatorContent } | { ok: false; issues: ContentIssue[] };

/** Validates the trainer kit's content: each file's schema, ids against file names, and every id a file names. */
export function validateFacilitatorContent(raw: RawFacilitatorContent): FacilitatorValidation {
  const issues: ContentIssue[] = [];
  const parse = <S extends z.ZodTypeAny>(file: RawContentFile, schema: S): z.output<S> | undefined => {
    const parsed = schema.safeParse(file.data);
    if (!parsed.success) {
      issues.push(...zodErrorToContentIssues(file.file, parsed.error));
      return undefined;
    }
    const id = (parsed.data as { id?: string }).id;
    if (file.basename !== undefined && id !== undefined && id !== file.basename) {
      issues.push({ file: file.file, field: 'id', message: `id “${id}”应与文件名“${file.basename}”一致` });
    }
    return parsed.data;
  };

  const agendas = raw.agendas.map((file) => ({ file, agenda: parse(file, AgendaTemplateSchema) }));
  const worksheets = raw.worksheets.map((file) => ({ file, worksheet: parse(file, WorksheetSchema) }));
  const kit = parse(raw.kit, TrainerKitSchema);
  if (raw.agendas.length === 0) issues.push({ file: raw.kit.file, field: '', message: 'content/facilitator/agendas/ 里还没有议程模板' });

  // A worksheet whose file is broken still exists: naming it is not a second fault.
  const worksheetIds = new Set(raw.worksheets.map((file) => file.basename).filter((id) => id !== undefined));
  const missingWorksheet = (id: string) => `工作表“${id}”不存在；content/facilitator/worksheets/ 中有：${[...worksheetIds].join('、') || '（无）'}`;
  for (const { file, agenda } of agendas) {
    agenda?.days.forEach((day, d) =>
      day.blocks.forEach((block, b) =>
        block.worksheets.forEach((id, w) => {
          if (!worksheetIds.has(id)) issues.push({ file: file.file, field: `days[${d}].blocks[${b}].worksheets[${w}]`, message: missingWorksheet(id) });
        }),
      ),
    );
  }
  for (const { file, worksheet } of worksheets) {
    if (worksheet && !raw.lessonIds.has(worksheet.lesson)) {
      issues.push({ file: file.file, field: 'lesson', message: `课程“${worksheet.lesson}”不存在` });
    }
  }
  kit?.worksheets.forEach((id, index) => {
    if (!worksheetIds.has(id)) issues.push({ file: raw.kit.file, field: `worksheets[${index}]`, message: missingWorksheet(id) });
    else if (kit.worksheets.indexOf(id) !== index) issues.push({ file: raw.kit.file, field: `worksheets[${index}]`, message: `工作表“${id}”列了两次` });
  });

  if (issues.length > 0 || !kit) return { ok: false, issues };
  return {
    ok: true,
    content: {
      agendas: agendas.map(({ agenda }) => agenda!),
      worksheets: worksheets.map(({ worksheet }) => worksheet!),
      kit,
    },
  };
}
