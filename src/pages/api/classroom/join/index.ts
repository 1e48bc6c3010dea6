import type { APIContext } from 'astro';
import { accountOf, guestCookieName, JoinSchema, setGuestCookie } from '../../../../server/classroom/classroom-routes.ts';
import { classroom } from '../../../../server/classroom/classroom-runtime.ts';
import { jsonOk, readJsonBody } from '../../../../server/http.ts';

export const prerender = false;

/** POST /api/classroom/join: joins a session by its code, as the signed-in account or as a guest with a name. */
export async function POST({ locals, request, cookies }: APIContext) {
  const input = await readJsonBody(request, JoinSchema, 4 * 1024);
  const room = await classroom();
  const { row } = await room.service.session(input.code);
  const { participant, token } = await room.service.join(accountOf(locals.identity), row.code, input, cookies.get(guestCookieName(row.code))?.value);
  if (token) await setGuestCookie(cookies, row.code, token);
  return jsonOk({ code: row.code, participant: { id: participant.id, name: participant.display_name } });
}
