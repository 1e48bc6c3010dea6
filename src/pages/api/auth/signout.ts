import type { APIContext } from 'astro';
import { signOut } from '../../../server/accounts/sign-in.ts';
import { wantsHtml } from '../../../server/http.ts';
import { runtime } from '../../../server/runtime.ts';

export const prerender = false;

export async function POST({ request, cookies, redirect }: APIContext) {
  await signOut(await runtime(), cookies);
  return wantsHtml(request) ? redirect('/signin/?signedOut=1', 303) : new Response(null, { status: 204 });
}
