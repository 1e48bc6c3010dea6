import type { Account } from '../accounts/accounts.ts';
import { hasRole } from '../accounts/roles.ts';
import type { Identity } from '../identity.ts';

export type FacilitatorAccess = { kind: 'allowed'; account: Account } | { kind: 'signed-out'; signIn: string } | { kind: 'forbidden' };

/**
 * Decides who may open a facilitator's page: facilitators and admins; anyone signed out is sent to sign in and
 * brought back to the same address; any other account is refused (403).
 */
export function facilitatorAccess(identity: Identity, url: URL): FacilitatorAccess {
  if (identity.kind !== 'account') return { kind: 'signed-out', signIn: `/signin/?next=${encodeURIComponent(url.pathname + url.search)}` };
  return hasRole(identity.account.roles, 'facilitator') ? { kind: 'allowed', account: identity.account } : { kind: 'forbidden' };
}
