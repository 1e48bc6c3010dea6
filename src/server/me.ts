import type { Agent } from '../core/statements/xapi.ts';
import type { Account } from './accounts/accounts.ts';
import type { Role } from './accounts/roles.ts';

/** The xAPI actor every statement of this account must carry: the account on this site, by its stable id. */
export function actorOf(account: { id: string; displayName: string }, publicOrigin: string): Agent {
  return { objectType: 'Agent', name: account.displayName, account: { homePage: publicOrigin, name: account.id } };
}

export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  department: string | null;
  employeeId: string | null;
  actor: Agent;
  /** The xAPI registration of each course enrolment, by course id: every device files statements under it. */
  registrations: Record<string, string>;
}

/** What `GET /api/me` says about the signed-in account. */
export function accountView(account: Account, publicOrigin: string, registrations: Record<string, string>): AccountView {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    roles: account.roles,
    department: account.department,
    employeeId: account.employeeId,
    actor: actorOf(account, publicOrigin),
    registrations,
  };
}
