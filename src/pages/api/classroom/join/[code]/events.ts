import type { APIContext } from 'astro';
import { requireParticipant } from '../../../../../server/classroom/classroom-routes.ts';
import { classroom } from '../../../../../server/classroom/classroom-runtime.ts';
import { lastEventIdOf, openEventStream } from '../../../../../server/classroom/event-stream.ts';

export const prerender = false;

const audiences = new Set(['all']);

/** GET /api/classroom/join/<code>/events: a phone's live stream; after a drop it resumes from Last-Event-ID. */
export async function GET({ locals, params, request, cookies }: APIContext) {
  const room = await classroom();
  const { participant, row } = await requireParticipant(room, locals.identity, cookies, params.code ?? '');
  const { code } = row;
  const lastEventId = lastEventIdOf(request);
  return openEventStream({
    hub: room.hub,
    code,
    audiences,
    signal: request.signal,
    start: () => room.service.streamStart(code, 'learner', lastEventId, participant),
  });
}
