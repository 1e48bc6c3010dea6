import { runtime } from '../../server/runtime.ts';

export const prerender = false;

/** GET /.well-known/jwks.json: every public key certificates were ever signed with, so each one stays verifiable. */
export async function GET() {
  const keys = await (await runtime()).signingKeys.publishedKeys();
  return Response.json(keys, {
    headers: {
      'Content-Type': 'application/jwk-set+json',
      // Public keys: any site may check our certificates; caches ask again, since a rotation adds a key.
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-cache',
    },
  });
}
