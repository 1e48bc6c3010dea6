import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, UserTable } from '../db/schema.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { parseRoles, type Role } from './roles.ts';
import { newToken, tokenHash } from './tokens.ts';

export interface Account {
  id: string;
  username: string;
  displayName: string;
  department: string | null;
  employeeId: string | null;
  email: string | null;
  roles: Role[];
  disabled: boolean;
  hasPassword: boolean;
  createdAt: number;
}

export interface AccountInput {
  username: string;
  displayName?: string | undefined;
  department?: string | null | undefined;
  employeeId?: string | null | undefined;
  email?: string | null | undefined;
  roles: Role[];
}

export interface ApiClient {
  id: string;
  name: string;
  key: string;
  createdAt: number;
  disabled: boolean;
}

export const SESSION_DAYS = 14;
export const INVITE_DAYS = 7;
const DAY = 24 * 60 * 60 * 1000;

function toAccount(row: Selectable<UserTable>): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    department: row.department,
    employeeId: row.employee_id,
    email: row.email,
    roles: parseRoles(row.roles),
    disabled: row.disabled_at !== null,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
  };
}

/** Accounts, sessions, invites and API clients: everything about who is who, over one database. */
export class AccountStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts accounts, to know whether this is the first start. */
  async countUsers(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Creates an account, or updates the one with that username (roles, name, department); returns it. */
  async upsertUser(input: AccountInput): Promise<{ account: Account; created: boolean }> {
    const now = this.now();
    const existing = await this.db.selectFrom('users').selectAll().where('username', '=', input.username).executeTakeFirst();
    if (existing) {
      await this.db
        .updateTable('users')
        .set({
          display_name: input.displayName ?? existing.display_name,
          department: input.department === undefined ? existing.department : input.department,
          employee_id: input.employeeId === undefined ? existing.employee_id : input.employeeId,
          email: input.email === undefined ? existing.email : input.email,
          roles: input.roles.join(','),
          updated_at: now,
        })
        .where('id', '=', existing.id)
        .execute();
      return { account: (await this.findById(existing.id))!, created: false };
    }
    const id = randomUUID();
    await this.db
      .insertInto('users')
      .values({
        id,
        username: input.username,
        display_name: input.displayName ?? input.username,
        department: input.department ?? null,
        employee_id: input.employeeId ?? null,
        email: input.email ?? null,
        roles: input.roles.join(','),
        password_hash: null,
        disabled_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return { account: (await this.findById(id))!, created: true };
  }

  async findById(id: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAccount(row);
  }

  async findByUsername(username: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row && toAccount(row);
  }

  /** Lists accounts by username. */
  async listUsers(): Promise<Account[]> {
    return (await this.db.selectFrom('users').selectAll().orderBy('username').execute()).map(toAccount);
  }

  async setPassword(userId: string, password: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password), updated_at: this.now() })
      .where('id', '=', userId)
      .execute();
  }

  /** Returns the account when the name and password match an enabled account. */
  async checkPassword(username: string, password: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    if (!row?.password_hash || row.disabled_at !== null) {
      // Spend the same time as a real check, so response times do not reveal which names exist.
      await verifyPassword(password, DUMMY_HASH);
      return undefined;
    }
    return (await verifyPassword(password, row.password_hash)) ? toAccount(row) : undefined;
  }

  /** Disables or re-enables an account; disabling ends its sessions at once. */
  async setDisabled(userId: string, disabled: boolean): Promise<void> {
    const now = this.now();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ disabled_at: disabled ? now : null, updated_at: now }).where('id', '=', userId).execute();
      if (disabled) {
        await trx.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
      }
    });
  }

  /** Opens a session; returns the cookie token (only its hash is stored). */
  async createSession(userId: string): Promise<{ token: string; expiresAt: number }> {
    const token = newToken();
    const now = this.now();
    const expiresAt = now + SESSION_DAYS * DAY;
    await this.db
      .insertInto('sessions')
      .values({ token_hash: tokenHash(token), user_id: userId, created_at: now, expires_at: expiresAt, last_seen_at: now, revoked_at: null })
      .execute();
    return { token, expiresAt };
  }

  /** The account behind a session cookie, when the session is live and the account enabled. */
  async accountForSession(token: string): Promise<Account | undefined> {
    const now = this.now();
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.expires_at', 'sessions.revoked_at', 'sessions.last_seen_at'])
      .where('sessions.token_hash', '=', tokenHash(token))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || row.expires_at <= now || row.disabled_at !== null) return undefined;
    // Touch at most once a minute: a page full of requests should not write for each one.
    if (now - row.last_seen_at > 60_000) {
      await this.db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash(token)).execute();
    }
    return toAccount(row);
  }

  async revokeSession(token: string): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: this.now() }).where('token_hash', '=', tokenHash(token)).execute();
  }

  /** Creates a one-time invite to set a password; earlier unused invites of the account stop working. */
  async createInvite(userId: string, createdBy: string | null): Promise<{ token: string; expiresAt: number }> {
    return (await this.createInvites([userId], createdBy)).get(userId)!;
  }

  /** Creates invites for several accounts in one transaction (a roster's new people); returns each one's token. */
  async createInvites(userIds: readonly string[], createdBy: string | null): Promise<Map<string, { token: string; expiresAt: number }>> {
    const now = this.now();
    const expiresAt = now + INVITE_DAYS * DAY;
    const tokens = new Map(userIds.map((userId) => [userId, { token: newToken(), expiresAt }]));
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < userIds.length; i += 500) {
        const chunk = userIds.slice(i, i + 500);
        await trx.updateTable('invites').set({ used_at: now }).where('user_id', 'in', chunk).where('used_at', 'is', null).execute();
        await trx
          .insertInto('invites')
          .values(
            chunk.map((userId) => ({
              token_hash: tokenHash(tokens.get(userId)!.token),
              user_id: userId,
              created_by: createdBy,
              created_at: now,
              expires_at: expiresAt,
              used_at: null,
            })),
          )
          .execute();
      }
    });
    return tokens;
  }

  /** The account an invite is for, when it is unused, unexpired and the account enabled. */
  async inviteAccount(token: string): Promise<Account | undefined> {
    const row = await this.db
      .selectFrom('invites')
      .innerJoin('users', 'users.id', 'invites.user_id')
      .selectAll('users')
      .select(['invites.expires_at', 'invites.used_at'])
      .where('invites.token_hash', '=', tokenHash(token))
      .executeTakeFirst();
    if (!row || row.used_at !== null || row.expires_at <= this.now() || row.disabled_at !== null) return undefined;
    return toAccount(row);
  }

  /** Sets the first password through an invite, using it up; false when the invite is no longer valid. */
  async acceptInvite(token: string, password: string): Promise<Account | undefined> {
    const account = await this.inviteAccount(token);
    if (!account) return undefined;
    const hash = await hashPassword(password);
    const now = this.now();
    const used = await this.db.transaction().execute(async (trx) => {
      // Only one of two simultaneous submissions of the same link wins.
      const result = await trx
        .updateTable('invites')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash(token))
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await trx.updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', account.id).execute();
      return true;
    });
    return used ? account : undefined;
  }

  /**
   * Creates an API client; the secret is returned once and only its SHA-256 kept. A 256-bit random secret needs no
   * slow hash (scrypt is for guessable passwords), and a client sends it with every request.
   */
  async createApiClient(name: string, createdBy: string | null): Promise<{ client: ApiClient; secret: string }> {
    const secret = newToken();
    const client = { id: randomUUID(), name, key: `icrm_${newToken().slice(0, 20)}`, createdAt: this.now(), disabled: false };
    await this.db
      .insertInto('api_clients')
      .values({
        id: client.id,
        name,
        key: client.key,
        secret_hash: tokenHash(secret),
        created_by: createdBy,
        created_at: client.createdAt,
        disabled_at: null,
      })
      .execute();
    return { client, secret };
  }

  async listApiClients(): Promise<ApiClient[]> {
    const rows = await this.db.selectFrom('api_clients').selectAll().orderBy('created_at').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, key: row.key, createdAt: row.created_at, disabled: row.disabled_at !== null }));
  }

  async setApiClientDisabled(id: string, disabled: boolean): Promise<void> {
    await this.db.updateTable('api_clients').set({ disabled_at: disabled ? this.now() : null }).where('id', '=', id).execute();
  }

  /** The API client with this key and secret, when enabled. */
  async checkApiClient(key: string, secret: string): Promise<ApiClient | undefined> {
    const row = await this.db.selectFrom('api_clients').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row || row.disabled_at !== null || !sameHash(tokenHash(secret), row.secret_hash)) return undefined;
    return { id: row.id, name: row.name, key: row.key, createdAt: row.created_at, disabled: false };
  }

  /** Records an action in the audit log, by ids only. */
  async audit(actorUserId: string | null, action: string, subject: string): Promise<void> {
    await this.db.insertInto('audit_log').values({ at: this.now(), actor_user_id: actorUserId, action, subject }).execute();
  }

  async auditEntries(limit = 100): Promise<{ at: number; actorUserId: string | null; action: string; subject: string }[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((row) => ({ at: row.at, actorUserId: row.actor_user_id, action: row.action, subject: row.subject }));
  }
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

// A valid hash of a random password: checking against it costs what a real check costs.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
