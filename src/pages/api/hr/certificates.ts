import type { APIContext } from 'astro';
import { jsonOk } from '../../../server/http.ts';
import { certificateParams, certificateQuery } from '../../../server/hr/filters.ts';
import { hrServices } from '../../../server/hr/services.ts';
import { requireRole } from '../../../server/identity.ts';
import { runtime } from '../../../server/runtime.ts';

export const prerender = false;

/** GET /api/hr/certificates?q=&state=&page=&size=: the certificate registry, newest first. */
export async function GET({ locals, url }: APIContext) {
  requireRole(locals.identity, 'hr');
  const params = certificateParams(url.searchParams);
  return jsonOk({ page: params.page, pageSize: params.size, ...(await hrServices(await runtime()).certificates.search(certificateQuery(params), Date.now())) });
}
