import type { APIContext } from 'astro';
import { statementsResource } from '../../server/xapi/statement-routes.ts';

export const prerender = false;

const answer = (method: string) => (context: APIContext) => statementsResource(method, context.request, context.url, context.locals.identity);

export const POST = answer('POST');
export const PUT = answer('PUT');
export const GET = answer('GET');

export async function HEAD(context: APIContext) {
  const response = await GET(context);
  return new Response(null, { status: response.status, headers: response.headers });
}
