import type { APIContext } from 'astro';
import { jsonOk } from '../../../../../../server/http.ts';
import { hrServices } from '../../../../../../server/hr/services.ts';
import { requireRole } from '../../../../../../server/identity.ts';
import { runtime } from '../../../../../../server/runtime.ts';

export const prerender = false;

/**
 * POST /api/hr/roster/imports/<id>/invites: one-time invite links for the people the import created who have not set a
 * password yet. Links are minted now and only their hashes kept, so asking again replaces the earlier links.
 */
export async function POST({ locals, params }: APIContext) {
  const account = requireRole(locals.identity, 'hr');
  return jsonOk({ invites: await hrServices(await runtime()).roster.invites(params.id!, account) });
}
