import { xapiHeaders } from '../../server/xapi/statement-resource.ts';

export const prerender = false;

const about = { version: ['1.0.3', '1.0.2', '1.0.1', '1.0.0'], extensions: {} };

export function GET() {
  return Response.json(about, { headers: xapiHeaders() });
}

export function HEAD() {
  return new Response(null, { headers: xapiHeaders({ 'Content-Type': 'application/json' }) });
}
