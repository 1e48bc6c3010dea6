import type { APIContext } from 'astro';
import { jsonOk } from '../../../server/http.ts';
import { auditParams, auditQuery } from '../../../server/hr/filters.ts';
import { hrServices } from '../../../server/hr/services.ts';
import { requireRole } from '../../../server/identity.ts';
import { runtime } from '../../../server/runtime.ts';

export const prerender = false;

/** GET /api/hr/audit?action=&actor=&from=&to=&page=&size=: the audit log, for admins only. */
export async function GET({ locals, url }: APIContext) {
  requireRole(locals.identity, 'admin');
  const params = auditParams(url.searchParams);
  return jsonOk({ page: params.page, pageSize: params.size, ...(await hrServices(await runtime()).audit.search(auditQuery(params))) });
}
