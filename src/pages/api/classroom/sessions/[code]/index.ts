import type { APIContext } from 'astro';
import { facilitatorContext } from '../../../../../server/classroom/classroom-routes.ts';
import { jsonOk } from '../../../../../server/http.ts';

export const prerender = false;

/** GET /api/classroom/sessions/<code>: the session, what it can put to the room, and its live state (facilitators). */
export async function GET({ locals, params }: APIContext) {
  const { room } = await facilitatorContext(locals.identity);
  const { row, content, summary } = await room.service.session(params.code ?? '');
  const { snapshot, seq } = await room.service.facilitatorSnapshot(row.code);
  return jsonOk({ session: summary, material: room.service.material(row, content), ...snapshot, seq });
}
