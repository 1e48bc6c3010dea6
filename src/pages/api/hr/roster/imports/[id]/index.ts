import type { APIContext } from 'astro';
import { jsonOk } from '../../../../../../server/http.ts';
import { hrServices } from '../../../../../../server/hr/services.ts';
import { requireRole } from '../../../../../../server/identity.ts';
import { runtime } from '../../../../../../server/runtime.ts';

export const prerender = false;

/** GET /api/hr/roster/imports/<id>: the job's status, progress and preview. */
export async function GET({ locals, params }: APIContext) {
  requireRole(locals.identity, 'hr');
  return jsonOk(await hrServices(await runtime()).roster.view(params.id!));
}
