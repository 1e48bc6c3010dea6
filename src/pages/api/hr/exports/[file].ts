import type { APIContext } from 'astro';
import { loadCourses } from '../../../../server/course-content.ts';
import { HttpError } from '../../../../server/http.ts';
import { auditExport, certificateExport, csvResponse, learnerExport, xlsxResponse, type ExportSource } from '../../../../server/hr/exports.ts';
import { auditParams, auditQuery, certificateParams, certificateQuery, learnerParams, learnerQuery } from '../../../../server/hr/filters.ts';
import { hrServices } from '../../../../server/hr/services.ts';
import { requireRole } from '../../../../server/identity.ts';
import { runtime } from '../../../../server/runtime.ts';

export const prerender = false;

/**
 * GET /api/hr/exports/<learners|certificates|audit>.<csv|xlsx>?<the page's filters>: every row the filters match, in
 * the page's order. Each export is recorded in the audit log (it takes personal data out of the system).
 */
export async function GET({ locals, params, url }: APIContext) {
  const match = /^(learners|certificates|audit)\.(csv|xlsx)$/.exec(params.file ?? '');
  if (!match) throw new HttpError(404, 'not_found', '没有这种导出文件。');
  const [, kind, format] = match as unknown as [string, 'learners' | 'certificates' | 'audit', 'csv' | 'xlsx'];
  const account = requireRole(locals.identity, kind === 'audit' ? 'admin' : 'hr');
  const rt = await runtime();
  const hr = hrServices(rt);
  const now = Date.now();
  let source: ExportSource<never>;
  if (kind === 'learners') {
    const [content] = await loadCourses();
    source = learnerExport(await hr.reports.allLearners(learnerQuery(content!.course.id, learnerParams(url.searchParams)), now)) as ExportSource<never>;
  } else if (kind === 'certificates') {
    source = certificateExport(await hr.certificates.all(certificateQuery(certificateParams(url.searchParams)), now)) as ExportSource<never>;
  } else {
    source = auditExport(await hr.audit.all(auditQuery(auditParams(url.searchParams)))) as ExportSource<never>;
  }
  await rt.accounts.audit(account.id, `export.${kind}`, `${format}:${source.rows.length}`);
  return format === 'csv' ? csvResponse(source, now) : xlsxResponse(source, now);
}
