import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { LiveEvent } from '../../core/classroom/live-wire.ts';
import type { DatabaseKind } from '../db/database.ts';
import type {
  ClassroomParticipantTable,
  ClassroomPushTable,
  ClassroomSessionTable,
  Database,
} from '../db/schema.ts';

export type SessionRow = Selectable<ClassroomSessionTable>;
export type ParticipantRow = Selectable<ClassroomParticipantTable>;
export type PushRow = Selectable<ClassroomPushTable>;

/** An event as stored in a session's log. */
export interface StoredEvent {
  seq: number;
  type: LiveEvent['type'];
  audience: LiveEvent['audience'];
  /** The event's body as JSON text, sent as it is. */
  body: string;
}

/** The PostgreSQL channel that says "session X has new events"; the events themselves are read from the table. */
export const NOTIFY_CHANNEL = 'icrm_classroom';

/** The tables of live sessions: sessions, participants, pushes, answers and the numbered event log of each session. */
export class ClassroomStore {
  constructor(
    readonly db: Kysely<Database>,
    readonly kind: DatabaseKind,
  ) {}

  async createSession(row: Insertable<ClassroomSessionTable>): Promise<boolean> {
    const inserted = await this.db
      .insertInto('classroom_sessions')
      .values(row)
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('code')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  session(code: string, db: Kysely<Database> = this.db): Promise<SessionRow | undefined> {
    return db.selectFrom('classroom_sessions').selectAll().where('code', '=', code).executeTakeFirst();
  }

  /** Reads a session inside a transaction, locking its row on PostgreSQL so commands on one session take turns. */
  lockSession(trx: Transaction<Database>, code: string): Promise<SessionRow | undefined> {
    return trx
      .selectFrom('classroom_sessions')
      .selectAll()
      .where('code', '=', code)
      .$if(this.kind === 'postgres', (query) => query.forUpdate())
      .executeTakeFirst();
  }

  listSessions(): Promise<SessionRow[]> {
    return this.db.selectFrom('classroom_sessions').selectAll().orderBy('starts_at', 'desc').execute();
  }

  /** Whether a command with this id was already applied to the session. */
  async commandSeen(trx: Transaction<Database>, code: string, commandId: string): Promise<boolean> {
    const row = await trx
      .selectFrom('classroom_events')
      .select('seq')
      .where('session_code', '=', code)
      .where('command_id', '=', commandId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Appends events to a session's log inside a transaction: each gets the next number of the session (the session
   * row's counter, updated under its lock), and PostgreSQL tells every instance at commit.
   */
  async appendEvents(trx: Transaction<Database>, code: string, events: readonly LiveEvent[], at: number, commandId?: string): Promise<number> {
    if (events.length === 0) return 0;
    const { last_seq: last } = await trx
      .updateTable('classroom_sessions')
      .set((eb) => ({ last_seq: eb('last_seq', '+', events.length) }))
      .where('code', '=', code)
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    const first = last - events.length + 1;
    await trx
      .insertInto('classroom_events')
      .values(
        events.map((event, i) => ({
          session_code: code,
          seq: first + i,
          type: event.type,
          audience: event.audience,
          body: JSON.stringify(event.body),
          at,
          // Only the first event of a command carries its id (the index is unique per session).
          command_id: i === 0 ? (commandId ?? null) : null,
        })),
      )
      .execute();
    if (this.kind === 'postgres') await sql`select pg_notify(${NOTIFY_CHANNEL}, ${code})`.execute(trx);
    return last;
  }

  /** Events after `seq`, oldest first. */
  eventsAfter(code: string, seq: number, limit: number): Promise<StoredEvent[]> {
    return this.db
      .selectFrom('classroom_events')
      .select(['seq', 'type', 'audience', 'body'])
      .where('session_code', '=', code)
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute() as Promise<StoredEvent[]>;
  }

  async lastSeq(code: string): Promise<number> {
    const row = await this.db.selectFrom('classroom_sessions').select('last_seq').where('code', '=', code).executeTakeFirst();
    return row?.last_seq ?? 0;
  }

  participants(code: string, db: Kysely<Database> = this.db): Promise<ParticipantRow[]> {
    return db.selectFrom('classroom_participants').selectAll().where('session_code', '=', code).orderBy('joined_at').orderBy('id').execute();
  }

  participant(code: string, id: string, db: Kysely<Database> = this.db): Promise<ParticipantRow | undefined> {
    return db.selectFrom('classroom_participants').selectAll().where('session_code', '=', code).where('id', '=', id).executeTakeFirst();
  }

  participantOfUser(code: string, userId: string, db: Kysely<Database> = this.db): Promise<ParticipantRow | undefined> {
    return db.selectFrom('classroom_participants').selectAll().where('session_code', '=', code).where('user_id', '=', userId).executeTakeFirst();
  }

  participantOfToken(code: string, tokenHash: string): Promise<ParticipantRow | undefined> {
    return this.db.selectFrom('classroom_participants').selectAll().where('session_code', '=', code).where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async countParticipants(trx: Kysely<Database>, code: string): Promise<number> {
    const row = await trx
      .selectFrom('classroom_participants')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_code', '=', code)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertParticipant(trx: Transaction<Database>, row: Insertable<ClassroomParticipantTable>): Promise<void> {
    await trx.insertInto('classroom_participants').values(row).execute();
  }

  async setPresence(trx: Transaction<Database>, code: string, id: string, present: boolean, at: number): Promise<void> {
    await trx
      .updateTable('classroom_participants')
      .set(
        present
          ? (eb) => ({ present: 1, checked_out_at: null, checked_in_at: eb.fn.coalesce('checked_in_at', eb.val(at)) })
          : { present: 0, checked_out_at: at },
      )
      .where('session_code', '=', code)
      .where('id', '=', id)
      .execute();
  }

  push(code: string, id: number, db: Kysely<Database> = this.db): Promise<PushRow | undefined> {
    return db.selectFrom('classroom_pushes').selectAll().where('session_code', '=', code).where('id', '=', id).executeTakeFirst();
  }

  pushes(code: string): Promise<PushRow[]> {
    return this.db.selectFrom('classroom_pushes').selectAll().where('session_code', '=', code).orderBy('id').execute();
  }

  async insertPush(trx: Transaction<Database>, row: Insertable<ClassroomPushTable>): Promise<void> {
    await trx.insertInto('classroom_pushes').values(row).execute();
  }

  async closePush(trx: Transaction<Database>, code: string, id: number, outcome: unknown, at: number): Promise<void> {
    await trx
      .updateTable('classroom_pushes')
      .set({ closed_at: at, outcome: JSON.stringify(outcome) })
      .where('session_code', '=', code)
      .where('id', '=', id)
      .execute();
  }

  /** Saves an answer; answering again replaces it (one per person and push). */
  async saveAnswer(code: string, pushId: number, participantId: string, selected: readonly string[], at: number): Promise<void> {
    const response = JSON.stringify(selected);
    await this.db
      .insertInto('classroom_answers')
      .values({ session_code: code, push_id: pushId, participant_id: participantId, response, answered_at: at })
      .onConflict((oc) => oc.columns(['session_code', 'push_id', 'participant_id']).doUpdateSet({ response, answered_at: at }))
      .execute();
  }

  /** The answers to one push: who chose what. */
  async answers(code: string, pushId: number, db: Kysely<Database> = this.db): Promise<{ participantId: string; selected: string[]; answeredAt: number }[]> {
    const rows = await db
      .selectFrom('classroom_answers')
      .select(['participant_id', 'response', 'answered_at'])
      .where('session_code', '=', code)
      .where('push_id', '=', pushId)
      .execute();
    return rows.map((row) => ({ participantId: row.participant_id, selected: JSON.parse(row.response) as string[], answeredAt: row.answered_at }));
  }

  /** Every answer of a session, for its report. */
  async allAnswers(code: string): Promise<{ pushId: number; participantId: string; selected: string[]; answeredAt: number }[]> {
    const rows = await this.db
      .selectFrom('classroom_answers')
      .select(['push_id', 'participant_id', 'response', 'answered_at'])
      .where('session_code', '=', code)
      .orderBy('push_id')
      .execute();
    return rows.map((row) => ({
      pushId: row.push_id,
      participantId: row.participant_id,
      selected: JSON.parse(row.response) as string[],
      answeredAt: row.answered_at,
    }));
  }

  async myAnswer(code: string, pushId: number, participantId: string): Promise<string[] | null> {
    const row = await this.db
      .selectFrom('classroom_answers')
      .select('response')
      .where('session_code', '=', code)
      .where('push_id', '=', pushId)
      .where('participant_id', '=', participantId)
      .executeTakeFirst();
    return row ? (JSON.parse(row.response) as string[]) : null;
  }

  /** Removes a person's part in every session: their answers and participant rows (erasure on request). */
  async eraseUser(userId: string): Promise<void> {
    const rows = await this.db.selectFrom('classroom_participants').select(['session_code', 'id']).where('user_id', '=', userId).execute();
    for (const row of rows) {
      await this.db.deleteFrom('classroom_answers').where('session_code', '=', row.session_code).where('participant_id', '=', row.id).execute();
      // The attendance list's events carry the name too.
      await this.db
        .deleteFrom('classroom_events')
        .where('session_code', '=', row.session_code)
        .where('type', '=', 'participant')
        .where('body', 'like', `{"id":"${row.id}",%`)
        .execute();
    }
    await this.db.deleteFrom('classroom_participants').where('user_id', '=', userId).execute();
  }
}
