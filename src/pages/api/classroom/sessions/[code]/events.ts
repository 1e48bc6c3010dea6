import type { APIContext } from 'astro';
import { facilitatorContext } from '../../../../../server/classroom/classroom-routes.ts';
import { lastEventIdOf, openEventStream } from '../../../../../server/classroom/event-stream.ts';

export const prerender = false;

const audiences = new Set(['all', 'facilitator']);

/** GET /api/classroom/sessions/<code>/events: the facilitator's live stream (state, answers as they come, attendance). */
export async function GET({ locals, params, request }: APIContext) {
  const { room } = await facilitatorContext(locals.identity);
  const { row } = await room.service.session(params.code ?? '');
  const lastEventId = lastEventIdOf(request);
  return openEventStream({
    hub: room.hub,
    code: row.code,
    audiences,
    signal: request.signal,
    start: () => room.service.streamStart(row.code, 'facilitator', lastEventId),
  });
}
