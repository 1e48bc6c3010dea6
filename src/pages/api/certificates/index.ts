import type { APIContext } from 'astro';
import { certificateJson, ownCertificates } from '../../../server/certificates/certificate-routes.ts';
import { jsonOk } from '../../../server/http.ts';
import { requireAccount } from '../../../server/identity.ts';
import { runtime } from '../../../server/runtime.ts';

export const prerender = false;

/** GET /api/certificates: the signed-in learner's certificates, newest first. */
export async function GET({ locals }: APIContext) {
  const account = requireAccount(locals.identity);
  return jsonOk({ certificates: (await ownCertificates(await runtime(), account)).map(certificateJson) });
}
