import type { AstroGlobal } from 'astro';
import { hasRole, type Role } from './accounts/roles.ts';
import type { Account } from './accounts/accounts.ts';
import type { Identity } from './identity.ts';

export type PageAccess = { kind: 'allowed'; account: Account } | { kind: 'sign-in'; location: string } | { kind: 'forbidden' };

/**
 * Decides who may open a staff page: holders of `role` (an admin holds every role). Signed-out people are sent to
 * sign in and brought back to the same address; anyone else gets 403 and no data.
 */
export function consolePageAccess(identity: Identity, url: URL, role: Extract<Role, 'hr' | 'admin' | 'facilitator'>): PageAccess {
  if (identity.kind === 'anonymous') return { kind: 'sign-in', location: `/signin/?next=${encodeURIComponent(url.pathname + url.search)}` };
  if (identity.kind !== 'account' || !hasRole(identity.account.roles, role)) return { kind: 'forbidden' };
  return { kind: 'allowed', account: identity.account };
}

/** consolePageAccess for the page being rendered: it answers 403 itself, and hands back the sign-in redirect for the page to return. */
export function consolePage(astro: AstroGlobal, role: Extract<Role, 'hr' | 'admin' | 'facilitator'>): { access: PageAccess; redirect: Response | null } {
  const access = consolePageAccess(astro.locals.identity, astro.url, role);
  if (access.kind === 'forbidden') astro.response.status = 403;
  return { access, redirect: access.kind === 'sign-in' ? astro.redirect(access.location, 303) : null };
}
