import type { APIContext } from 'astro';
import { certificateById } from '../../../../server/certificates/certificate-routes.ts';
import { jsonOk } from '../../../../server/http.ts';
import { runtime } from '../../../../server/runtime.ts';

export const prerender = false;

/** GET /api/certificates/<id>/status: public — whether the certificate stands or was revoked and why; nothing about its holder. */
export async function GET({ params }: APIContext) {
  const rt = await runtime();
  const { id } = await certificateById(rt, params.id);
  return jsonOk(await rt.certificates.publicStatus(id), { headers: { 'Access-Control-Allow-Origin': '*' } });
}
