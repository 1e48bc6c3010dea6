import type { Kysely, Transaction } from 'kysely';
import { applyStatements, initProgress, viewProgress, type ProgressReport, type ProgressState } from '../../core/progress/progress-fold.ts';
import type { ProgressModel } from '../../core/progress/progress-model.ts';
import type { Statement } from '../../core/statements/xapi.ts';
import type { Database } from '../db/schema.ts';
import type { StatementRecord } from '../xapi/statement-store.ts';

/** The account-name prefix of an actor key of this site: `account:<origin>|<user id>`. */
function userIdOf(actorKey: string, publicOrigin: string): string | null {
  const prefix = `account:${publicOrigin}|`;
  return actorKey.startsWith(prefix) ? actorKey.slice(prefix.length) : null;
}

/** The columns of a progress row: the state, and what HR's queries read of its view as of `now`. */
export function progressColumns(model: ProgressModel, state: ProgressState, now: number) {
  const view = viewProgress(model, state, new Date(now));
  return {
    state: JSON.stringify(state),
    status: view.status,
    share: view.share,
    completed_at: view.completedAt ? Date.parse(view.completedAt) : null,
    expires_at: view.certificateExpiresAt ? Date.parse(view.certificateExpiresAt) : null,
    last_activity_at: view.lastActivityAt ? Date.parse(view.lastActivityAt) : null,
    statement_count: view.statementCount,
    updated_at: now,
  };
}

/** One progress row per learner and course, folded forward in the transaction that stores the statements. */
export class ProgressBook {
  constructor(
    private readonly publicOrigin: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns the hook `StatementStore.insert` runs after storing a batch, for one course's model. */
  updater(model: ProgressModel) {
    return async (trx: Transaction<Database>, stored: readonly StatementRecord[]): Promise<void> => {
      const byActor = new Map<string, Statement[]>();
      for (const record of stored) {
        const list = byActor.get(record.actorKey) ?? [];
        list.push(record.statement as Statement);
        byActor.set(record.actorKey, list);
      }
      // Rows are locked in one order, so two batches about the same learners never wait for each other in a circle.
      for (const [actorKey, statements] of [...byActor].sort(([a], [b]) => a.localeCompare(b))) {
        await this.fold(trx, model, actorKey, statements);
      }
    };
  }

  private async fold(trx: Transaction<Database>, model: ProgressModel, actorKey: string, statements: Statement[]): Promise<void> {
    // Two instances (or two PostgreSQL connections) may fold the same learner's batches at once, each from the row it
    // read: one statement makes sure the row exists and locks it while reading it (an upsert that changes nothing
    // locks the row it meets), so the second fold starts from the first's result.
    const userId = userIdOf(actorKey, this.publicOrigin);
    const row = await trx
      .insertInto('progress')
      .values({ actor_key: actorKey, course_id: model.id, user_id: userId, ...progressColumns(model, initProgress(model, { actorKey }), this.now()) })
      .onConflict((oc) => oc.columns(['actor_key', 'course_id']).doUpdateSet((eb) => ({ updated_at: eb.ref('progress.updated_at') })))
      .returning(['state', 'completed_at', 'completed_department'])
      .executeTakeFirstOrThrow();
    const state = JSON.parse(row.state) as ProgressState;
    applyStatements(model, state, statements);
    const columns = progressColumns(model, state, this.now());
    const values = { ...columns, completed_department: await this.completedDepartment(trx, userId, columns.completed_at, row) };
    await trx.updateTable('progress').set(values).where('actor_key', '=', actorKey).where('course_id', '=', model.id).execute();
  }

  /** The department a completion counts under: the learner's when they completed, kept through later transfers. */
  private async completedDepartment(
    trx: Transaction<Database>,
    userId: string | null,
    completedAt: number | null,
    previous: { completed_at: number | null; completed_department: string | null } | undefined,
  ): Promise<string | null> {
    if (completedAt === null || userId === null) return null;
    if (previous?.completed_at === completedAt && previous.completed_department !== null) return previous.completed_department;
    const user = await trx.selectFrom('users').select('department').where('id', '=', userId).executeTakeFirst();
    return user?.department ?? null;
  }

  /** The report of one learner as of `now`, from their row (expiry is judged against `now`, not the last update). */
  async report(db: Kysely<Database>, model: ProgressModel, actorKey: string, now = new Date(this.now())): Promise<ProgressReport> {
    const row = await db.selectFrom('progress').select('state').where('actor_key', '=', actorKey).where('course_id', '=', model.id).executeTakeFirst();
    return viewProgress(model, row ? (JSON.parse(row.state) as ProgressState) : initProgress(model, { actorKey }), now);
  }
}
