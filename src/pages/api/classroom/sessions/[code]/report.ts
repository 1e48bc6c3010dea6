import type { APIContext } from 'astro';
import { facilitatorContext } from '../../../../../server/classroom/classroom-routes.ts';
import { jsonOk } from '../../../../../server/http.ts';

export const prerender = false;

/** GET /api/classroom/sessions/<code>/report: attendance, answers per question, the class's role-play, durations. */
export async function GET({ locals, params }: APIContext) {
  const { room } = await facilitatorContext(locals.identity);
  return jsonOk(await room.service.report(params.code ?? ''));
}
