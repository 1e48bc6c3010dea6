import type { APIContext } from 'astro';
import { jsonOk } from '../../../../../../server/http.ts';
import { hrServices } from '../../../../../../server/hr/services.ts';
import { requireRole } from '../../../../../../server/identity.ts';
import { runtime } from '../../../../../../server/runtime.ts';

export const prerender = false;

/** POST /api/hr/roster/imports/<id>/apply: writes a checked roster in one transaction; 202, then poll the job. */
export async function POST({ locals, params }: APIContext) {
  const account = requireRole(locals.identity, 'hr');
  return jsonOk(await hrServices(await runtime()).roster.apply(params.id!, account), { status: 202 });
}
