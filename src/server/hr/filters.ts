import { z } from 'zod';
import { learnerStatusFilters, type LearnerStatusFilter } from '../../core/hr/completion.ts';
import { dayEnd, dayStart } from '../../core/hr/dates.ts';
import { learnerSorts, type LearnerQuery } from '../learning/hr-reports.ts';
import { certificateStateLabels, type CertificateQuery, type CertificateState } from './certificate-registry.ts';
import type { AuditQuery } from './audit-log.ts';

export const PAGE_SIZES = [25, 50, 100, 200] as const;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined);
const day = z
  .string()
  .optional()
  .catch(undefined)
  .transform((value) => (value && dayStart(value) !== undefined ? value : undefined));
const page = z.coerce.number().int().min(1).max(1_000_000).catch(1);
const pageSize = z.coerce
  .number()
  .int()
  .refine((size) => (PAGE_SIZES as readonly number[]).includes(size))
  .catch(50);

// Query strings come from links and forms people edit by hand: a bad value falls back to its default, never to an error.
const LearnerParamsSchema = z.object({
  department: z.string().max(40).optional().catch(undefined),
  status: z.enum(learnerStatusFilters as [LearnerStatusFilter, ...LearnerStatusFilter[]]).optional().catch(undefined),
  q: text(64),
  from: day,
  to: day,
  sort: z.enum(learnerSorts).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
  page,
  size: pageSize,
});

export type LearnerParams = z.output<typeof LearnerParamsSchema>;

function record(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in out)) out[key] = value;
  return out;
}

/** The dashboard's filters, sort and page as the query string gives them. */
export function learnerParams(params: URLSearchParams): LearnerParams {
  const parsed = LearnerParamsSchema.parse(record(params));
  // An empty department choice means every department; "" is a real value only for people without one.
  return { ...parsed, department: params.get('department') === '' ? undefined : parsed.department };
}

/** The report query for those parameters. */
export function learnerQuery(courseId: string, params: LearnerParams): LearnerQuery {
  return {
    courseId,
    ...(params.department !== undefined ? { department: params.department } : {}),
    ...(params.status ? { status: params.status } : {}),
    ...(params.q ? { search: params.q } : {}),
    ...(params.from ? { from: dayStart(params.from)! } : {}),
    ...(params.to ? { to: dayEnd(params.to)! } : {}),
    sort: params.sort,
    descending: params.dir === 'desc',
    page: params.page,
    pageSize: params.size,
  };
}

const CertificateParamsSchema = z.object({
  q: text(80),
  state: z.enum(Object.keys(certificateStateLabels) as [CertificateState, ...CertificateState[]]).optional().catch(undefined),
  page,
  size: pageSize,
});

export type CertificateParams = z.output<typeof CertificateParamsSchema>;

export function certificateParams(params: URLSearchParams): CertificateParams {
  return CertificateParamsSchema.parse(record(params));
}

export function certificateQuery(params: CertificateParams): CertificateQuery {
  return { ...(params.q ? { search: params.q } : {}), ...(params.state ? { state: params.state } : {}), page: params.page, pageSize: params.size };
}

const AuditParamsSchema = z.object({
  action: text(80),
  actor: text(64),
  from: day,
  to: day,
  page,
  size: pageSize,
});

export type AuditParams = z.output<typeof AuditParamsSchema>;

export function auditParams(params: URLSearchParams): AuditParams {
  return AuditParamsSchema.parse(record(params));
}

export function auditQuery(params: AuditParams): AuditQuery {
  return {
    ...(params.action ? { action: params.action } : {}),
    ...(params.actor ? { actor: params.actor } : {}),
    ...(params.from ? { from: dayStart(params.from)! } : {}),
    ...(params.to ? { to: dayEnd(params.to)! } : {}),
    page: params.page,
    pageSize: params.size,
  };
}

/** The query string of a page with some parameters changed (undefined removes one); defaults are left out. */
export function withParams(params: Record<string, string | number | undefined>, changes: Record<string, string | number | undefined>): string {
  const merged = { ...params, ...changes };
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === '') continue;
    if ((key === 'page' && value === 1) || (key === 'size' && value === 50) || (key === 'dir' && value === 'asc') || (key === 'sort' && value === 'name')) continue;
    search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `?${query}` : '';
}
