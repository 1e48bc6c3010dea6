import type { AstroGlobal } from 'astro';
import type { Account } from '../accounts/accounts.ts';
import { hasRole } from '../accounts/roles.ts';

/**
 * The facilitator behind a server-rendered page: signed out, the page redirects to sign-in (null and a redirect);
 * signed in without the role, the page answers 403 and says so (null). Admins hold every role.
 */
export function facilitatorOfPage(astro: AstroGlobal): { account: Account | null; redirect: Response | null } {
  const identity = astro.locals.identity;
  if (identity.kind !== 'account') {
    return { account: null, redirect: astro.redirect(`/signin/?next=${encodeURIComponent(astro.url.pathname)}`, 303) };
  }
  if (!hasRole(identity.account.roles, 'facilitator')) {
    astro.response.status = 403;
    return { account: null, redirect: null };
  }
  return { account: identity.account, redirect: null };
}
