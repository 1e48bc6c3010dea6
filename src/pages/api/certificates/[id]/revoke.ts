import type { APIContext } from 'astro';
import { certificateById, certificateJson, readRevocation } from '../../../../server/certificates/certificate-routes.ts';
import { jsonOk } from '../../../../server/http.ts';
import { requireRole } from '../../../../server/identity.ts';
import { runtime } from '../../../../server/runtime.ts';

export const prerender = false;

/** POST /api/certificates/<id>/revoke `{ reason }`: HR and admins revoke a certificate; the audit log records who did. */
export async function POST({ locals, params, request }: APIContext) {
  const account = requireRole(locals.identity, 'hr');
  const rt = await runtime();
  const { id } = await certificateById(rt, params.id);
  return jsonOk(certificateJson(await rt.certificates.revoke(id, account, await readRevocation(request))));
}
