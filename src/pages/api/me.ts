import type { APIContext } from 'astro';
import { jsonOk } from '../../server/http.ts';
import { requireAccount } from '../../server/identity.ts';
import { accountView } from '../../server/me.ts';
import { runtime } from '../../server/runtime.ts';

export const prerender = false;

export async function GET({ locals }: APIContext) {
  const account = requireAccount(locals.identity);
  return jsonOk(accountView(account, (await runtime()).settings.publicOrigin));
}
