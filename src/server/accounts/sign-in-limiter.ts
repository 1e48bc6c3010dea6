import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

const WINDOW_MS = 15 * 60 * 1000;
/** Failures allowed in the window: few per account (guessing one password), more per address (a shared office NAT). */
const LIMITS = { user: 5, address: 30 } as const;

export interface SignInSubjects {
  username: string;
  address: string;
}

/** Limits failed sign-ins per account and per address, in the database so every server instance shares the count. */
export class SignInLimiter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before another attempt is allowed, or 0 when one may be made now. */
  async retryAfterSeconds({ username, address }: SignInSubjects): Promise<number> {
    const since = this.now() - WINDOW_MS;
    let wait = 0;
    for (const [subject, limit] of [
      [`user:${username.toLowerCase()}`, LIMITS.user],
      [`address:${address}`, LIMITS.address],
    ] as const) {
      const rows = await this.db
        .selectFrom('sign_in_failures')
        .select('at')
        .where('subject', '=', subject)
        .where('at', '>', since)
        .orderBy('at', 'desc')
        .limit(limit)
        .execute();
      if (rows.length >= limit) {
        // Allowed again once the oldest of the last `limit` failures leaves the window.
        const oldest = rows[rows.length - 1]!.at;
        wait = Math.max(wait, Math.ceil((oldest + WINDOW_MS - this.now()) / 1000));
      }
    }
    return wait;
  }

  async recordFailure({ username, address }: SignInSubjects): Promise<void> {
    const at = this.now();
    await this.db
      .insertInto('sign_in_failures')
      .values([
        { subject: `user:${username.toLowerCase()}`, at },
        { subject: `address:${address}`, at },
      ])
      .execute();
    await this.db.deleteFrom('sign_in_failures').where('at', '<', at - WINDOW_MS).execute();
  }

  /** A successful sign-in clears the account's failures (not the address's). */
  async recordSuccess({ username }: SignInSubjects): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('subject', '=', `user:${username.toLowerCase()}`).execute();
  }
}
