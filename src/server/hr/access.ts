import type { AstroGlobal } from 'astro';
import { hasRole } from '../accounts/roles.ts';
import type { Account } from '../accounts/accounts.ts';
import type { Identity } from '../identity.ts';

export type PageAccess = { kind: 'allowed'; account: Account } | { kind: 'sign-in'; location: string } | { kind: 'forbidden' };

/**
 * Who may open an HR console page: HR and admins (an admin holds every role), or admins alone for the audit log.
 * Signed-out people are sent to sign in and brought back; anyone else gets 403 and no data.
 */
export function consolePageAccess(identity: Identity, url: URL, role: 'hr' | 'admin' = 'hr'): PageAccess {
  if (identity.kind === 'anonymous') return { kind: 'sign-in', location: `/signin/?next=${encodeURIComponent(url.pathname + url.search)}` };
  if (identity.kind !== 'account' || !hasRole(identity.account.roles, role)) return { kind: 'forbidden' };
  return { kind: 'allowed', account: identity.account };
}

/** consolePageAccess for the page being rendered: it answers 403 itself, and hands back the sign-in redirect for the page to return. */
export function consolePage(astro: AstroGlobal, role: 'hr' | 'admin' = 'hr'): { access: PageAccess; redirect: Response | null } {
  const access = consolePageAccess(astro.locals.identity, astro.url, role);
  if (access.kind === 'forbidden') astro.response.status = 403;
  return { access, redirect: access.kind === 'sign-in' ? astro.redirect(access.location, 303) : null };
}
