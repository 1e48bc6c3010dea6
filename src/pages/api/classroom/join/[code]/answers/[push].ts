import type { APIContext } from 'astro';
import { AnswerSchema, requireParticipant } from '../../../../../../server/classroom/classroom-routes.ts';
import { classroom } from '../../../../../../server/classroom/classroom-runtime.ts';
import { HttpError, readJsonBody } from '../../../../../../server/http.ts';

export const prerender = false;

/** PUT /api/classroom/join/<code>/answers/<push>: saves this phone's answer or vote; sending it again replaces it. */
export async function PUT({ locals, params, request, cookies }: APIContext) {
  const room = await classroom();
  const { participant, row } = await requireParticipant(room, locals.identity, cookies, params.code ?? '');
  const push = Number(params.push);
  if (!Number.isInteger(push) || push < 1) throw new HttpError(404, 'not_found', '没有这道题。');
  const { selected } = await readJsonBody(request, AnswerSchema, 4 * 1024);
  await room.service.answer(row, participant, push, selected);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
}
