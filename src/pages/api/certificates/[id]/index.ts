import type { APIContext } from 'astro';
import { certificateJson, visibleCertificate } from '../../../../server/certificates/certificate-routes.ts';
import { jsonOk } from '../../../../server/http.ts';
import { runtime } from '../../../../server/runtime.ts';

export const prerender = false;

/** GET /api/certificates/<id>: one certificate with its credential, for its owner, HR and admins. */
export async function GET({ locals, params }: APIContext) {
  const { certificate } = await visibleCertificate(await runtime(), locals.identity, params.id);
  return jsonOk(certificateJson(certificate));
}
