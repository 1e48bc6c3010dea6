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
