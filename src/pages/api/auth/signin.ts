import type { APIContext } from 'astro';
import { z } from 'zod';
import { clientAddress, signIn } from '../../../server/accounts/sign-in.ts';
import { jsonError, jsonOk, readJsonBody } from '../../../server/http.ts';
import { runtime } from '../../../server/runtime.ts';

export const prerender = false;

const SignInSchema = z.object({
  username: z.string().trim().min(1, '请填写用户名').max(64),
  password: z.string().min(1, '请填写密码').max(200),
});

export async function POST({ request, cookies, clientAddress: address }: APIContext) {
  const rt = await runtime();
  const input = await readJsonBody(request, SignInSchema, 4 * 1024);
  const outcome = await signIn(rt, cookies, { ...input, address: clientAddress(() => address) });
  if (!outcome.ok) {
    return outcome.status === 429
      ? jsonError(429, 'too_many_attempts', outcome.message, { 'Retry-After': String(outcome.retryAfter) })
      : jsonError(401, 'invalid_credentials', outcome.message);
  }
  return jsonOk({ username: outcome.account.username, displayName: outcome.account.displayName, roles: outcome.account.roles });
}
