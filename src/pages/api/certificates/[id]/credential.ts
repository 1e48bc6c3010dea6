import type { APIContext } from 'astro';
import { certificateById } from '../../../../server/certificates/certificate-routes.ts';
import { jsonOk } from '../../../../server/http.ts';
import { runtime } from '../../../../server/runtime.ts';

export const prerender = false;

/**
 * GET /api/certificates/<id>/credential: the signed credential of a typed certificate id, for /verify/ to check in the
 * browser. Public like the QR code printed beside the id: the id is a random UUID known only from the certificate.
 */
export async function GET({ params }: APIContext) {
  const { credential } = await certificateById(await runtime(), params.id);
  return jsonOk({ credential });
}
