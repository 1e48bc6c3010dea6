import type { APIContext } from 'astro';
import { AttendanceSchema, facilitatorContext } from '../../../../../server/classroom/classroom-routes.ts';
import { jsonOk, readJsonBody } from '../../../../../server/http.ts';

export const prerender = false;

/** POST /api/classroom/sessions/<code>/attendance: checks someone in or out by hand, or adds someone to the list. */
export async function POST({ locals, params, request }: APIContext) {
  const { account, room } = await facilitatorContext(locals.identity);
  const input = await readJsonBody(request, AttendanceSchema, 4 * 1024);
  const participant =
    'name' in input
      ? await room.service.addParticipant(account, params.code ?? '', input.name)
      : await room.service.setAttendance(account, params.code ?? '', input.participantId, input.present);
  return jsonOk({ participant });
}
