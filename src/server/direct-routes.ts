import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readNodeBody, requestWithBody, unexpectedFailure } from './http.ts';
import { admitRequest, type CookieReader } from './identity.ts';
import type { Runtime } from './runtime.ts';
import { MULTIPART_LIMIT } from './xapi/statement-resource.ts';
import { statementsResource } from './xapi/statement-routes.ts';

/**
 * Statement writes are most of what the server is asked (every device syncs its outbox in batches), so the server
 * entry answers them itself: no look for a static file of that name, no page pipeline. They pass the same admission
 * (origin check, identity) and the same resource code as through Astro; everything else still goes through Astro.
 */
export function isDirectRoute(request: IncomingMessage): boolean {
  if (request.method !== 'POST' && request.method !== 'PUT') return false;
  const url = request.url ?? '';
  const query = url.indexOf('?');
  return (query < 0 ? url : url.slice(0, query)) === '/xapi/statements';
}

export async function serveDirectRoute(incoming: IncomingMessage, outgoing: ServerResponse, rt: Runtime): Promise<void> {
  let response: Response;
  try {
    const headers = new Headers();
    for (let i = 0; i < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
    const url = new URL(incoming.url!, rt.settings.publicOrigin);
    // The resource applies its own, smaller limit per media type; this one only bounds what is held in memory.
    const body = await readNodeBody(incoming, MULTIPART_LIMIT);
    const request = requestWithBody(url, incoming.method!, headers, body);
    const identity = await admitRequest(request, sessionCookie(headers), rt);
    response = await statementsResource(request.method, request, url, identity);
  } catch (error) {
    if (error instanceof HttpError) {
      // Node reads and drops the rest of a refused body, so the client sees this answer rather than a reset.
      response = error.toResponse();
    } else {
      response = unexpectedFailure(error, incoming.method!, '/xapi/statements');
    }
  }
  outgoing.statusCode = response.status;
  response.headers.forEach((value, name) => outgoing.setHeader(name, value));
  outgoing.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

/** Reads cookies from the Cookie header as Astro would, for the session cookie. */
function sessionCookie(headers: Headers): CookieReader {
  return {
    get(name: string) {
      for (const pair of (headers.get('cookie') ?? '').split(';')) {
        const separator = pair.indexOf('=');
        if (separator < 0 || pair.slice(0, separator).trim() !== name) continue;
        const raw = pair.slice(separator + 1).trim();
        try {
          return { value: decodeURIComponent(raw) };
        } catch {
          return { value: raw };
        }
      }
      return undefined;
    },
  };
}
