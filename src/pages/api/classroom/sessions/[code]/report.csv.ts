import type { APIContext } from 'astro';
import { CSV_BOM, csvLines } from '../../../../../core/hr/spreadsheet.ts';
import { reportRows } from '../../../../../core/classroom/session-report.ts';
import { facilitatorContext } from '../../../../../server/classroom/classroom-routes.ts';

export const prerender = false;

/** GET /api/classroom/sessions/<code>/report.csv: the session report for Excel (UTF-8 with BOM, formulas neutralised). */
export async function GET({ locals, params }: APIContext) {
  const { room } = await facilitatorContext(locals.identity);
  const report = await room.service.report(params.code ?? '');
  return new Response(CSV_BOM + csvLines(reportRows(report)), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="classroom-${report.code}.csv"; filename*=UTF-8''${encodeURIComponent(`课堂报告-${report.code}.csv`)}`,
      'Cache-Control': 'no-store',
    },
  });
}
