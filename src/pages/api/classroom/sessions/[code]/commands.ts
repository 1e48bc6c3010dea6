import type { APIContext } from 'astro';
import { CommandSchema, facilitatorContext } from '../../../../../server/classroom/classroom-routes.ts';
import { jsonOk, readJsonBody } from '../../../../../server/http.ts';

export const prerender = false;

/** POST /api/classroom/sessions/<code>/commands: applies a facilitator's command; 409 when stale or not possible now. */
export async function POST({ locals, params, request }: APIContext) {
  const { account, room } = await facilitatorContext(locals.identity);
  const command = await readJsonBody(request, CommandSchema, 4 * 1024);
  return jsonOk({ state: await room.service.command(account, params.code ?? '', command) });
}
