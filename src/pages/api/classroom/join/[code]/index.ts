import type { APIContext } from 'astro';
import { accountOf, guestCookieName } from '../../../../../server/classroom/classroom-routes.ts';
import { classroom } from '../../../../../server/classroom/classroom-runtime.ts';
import { jsonOk } from '../../../../../server/http.ts';

export const prerender = false;

/** GET /api/classroom/join/<code>: the session's title and phase, and whether this phone has joined it. */
export async function GET({ locals, params, cookies }: APIContext) {
  const room = await classroom();
  const { row } = await room.service.session(params.code ?? '');
  const account = accountOf(locals.identity);
  const participant = await room.service.participantOf(account, row.code, cookies.get(guestCookieName(row.code))?.value);
  return jsonOk({
    code: row.code,
    title: row.title,
    status: row.status,
    signedInAs: account?.displayName ?? null,
    me: participant ? await room.service.me(row, participant) : null,
  });
}
