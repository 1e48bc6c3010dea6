import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DatabaseKind } from '../db/database.ts';
import type { XapiStatement } from '../../core/xapi/types.ts';

/** One statement ready to store: its JSON as stored and the columns queries need. */
export interface StatementRecord {
  id: string;
  /** The statement as stored; `body` is its JSON, kept so the progress fold need not parse it again. */
  statement: XapiStatement;
  body: string;
  actorKey: string;
  verbId: string;
  activityId: string | null;
  targetStatementId: string | null;
  registration: string | null;
  timestampMs: number;
  storedMs: number;
  authorityKey: string;
  isVoiding: boolean;
  /** Agent keys: `relatedOnly` false for the actor (and an agent object), true for the other places related_agents reaches. */
  agents: { key: string; relatedOnly: boolean }[];
  activities: { id: string; relatedOnly: boolean }[];
}

export interface AttachmentRecord {
  sha2: string;
  contentType: string;
  content: Uint8Array;
}

export interface StatementQuery {
  agentKey?: string | undefined;
  verbId?: string | undefined;
  activityId?: string | undefined;
  registration?: string | undefined;
  relatedActivities?: boolean;
  relatedAgents?: boolean;
  sinceMs?: number | undefined;
  untilMs?: number | undefined;
  limit: number;
  ascending: boolean;
  /** Continue after this sequence number (paging through `more`). */
  after?: number | undefined;
  /** Only statements stored at or before this sequence number: later pages see the same set as the first. */
  upTo?: number | undefined;
}

export interface StoredStatement {
  seq: number;
  id: string;
  body: string;
  storedMs: number;
}

/** Runs inside the insert's transaction with the statements just stored (not the re-sent ones): progress rows. */
export type AfterInsert = (trx: Transaction<Database>, stored: readonly StatementRecord[]) => Promise<void>;

export type InsertOutcome =
  | { ok: true; inserted: string[] }
  | { ok: false; conflict: { id: string; existing: string } };

/** Batches are written in chunks so a statement with many context activities stays within parameter limits. */
const ROWS_PER_INSERT = 100;
/** How many statements one group commit may take: enough to share pages, few enough to keep each answer prompt. */
const GROUP_COMMIT_STATEMENTS = 1000;

/** The append-only statement log: inserted once per id, voided by flag, queried by the xAPI filters. */
export class StatementStore {
  constructor(
    private readonly db: Kysely<Database>,
    readonly kind: DatabaseKind,
  ) {}

  /**
   * Stores a batch in one transaction. A statement whose id is already stored is skipped when `isSame(existing)`
   * says it is the same statement; otherwise nothing of the batch is stored and the conflict is reported.
   *
   * On SQLite, batches that arrive while a transaction is writing are committed together, each inside its own
   * savepoint: SQLite has one writer anyway, and one commit for several batches writes their shared pages once.
   */
  insert(
    records: StatementRecord[],
    attachments: AttachmentRecord[],
    isSame: (existingBody: string, record: StatementRecord) => boolean,
    afterInsert?: AfterInsert,
  ): Promise<InsertOutcome> {
    const job: InsertJob = { records, attachments, isSame, afterInsert };
    if (this.kind !== 'sqlite') {
      return this.db.transaction().execute((trx) => this.insertBatch(trx, job)).catch(conflictOutcome);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      // A transaction never yields to I/O (better-sqlite3 is synchronous): waiting one turn of the event loop lets
      // the requests whose bodies arrived in the same turn join this commit.
      if (this.queue.length === 1 && !this.writing) setImmediate(() => this.writeQueued());
    });
  }

  private readonly queue: QueuedInsert[] = [];
  private writing = false;

  private writeQueued(): void {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    const group: QueuedInsert[] = [];
    let statements = 0;
    while (this.queue.length && (group.length === 0 || statements + this.queue[0]!.job.records.length <= GROUP_COMMIT_STATEMENTS)) {
      const next = this.queue.shift()!;
      statements += next.job.records.length;
      group.push(next);
    }
    const settled = this.db.transaction().execute(async (trx) => {
      const outcomes: ({ outcome: InsertOutcome } | { error: unknown })[] = [];
      for (const { job } of group) {
        await sql`SAVEPOINT batch`.execute(trx);
        try {
          const outcome = await this.insertBatch(trx, job);
          if (!outcome.ok) await sql`ROLLBACK TO batch`.execute(trx);
          outcomes.push({ outcome });
        } catch (error) {
          // One failing batch must not take the others of its group with it.
          await sql`ROLLBACK TO batch`.execute(trx);
          outcomes.push({ error });
        }
        await sql`RELEASE batch`.execute(trx);
      }
      return outcomes;
    });
    settled
      .then(
        (outcomes) =>
          outcomes.forEach((result, i) => {
            if ('outcome' in result) group[i]!.resolve(result.outcome);
            else conflictOutcome(result.error).then(group[i]!.resolve, group[i]!.reject);
          }),
        (error: unknown) => group.forEach((item) => item.reject(error)),
      )
      .finally(() => {
        this.writing = false;
        // Through the event loop, not straight on: answers are written and new requests read between two commits.
        if (this.queue.length > 0) setImmediate(() => this.writeQueued());
      });
  }

  private async insertBatch(trx: Transaction<Database>, job: InsertJob): Promise<InsertOutcome> {
    const ids = job.records.map((record) => record.id);
    const existing = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx.selectFrom('statements').select(['id', 'body']).where('id', 'in', ids.slice(i, i + 500)).execute();
      for (const row of rows) existing.set(row.id, row.body);
    }
    const fresh: StatementRecord[] = [];
    for (const record of job.records) {
      const body = existing.get(record.id);
      if (body === undefined) fresh.push(record);
      else if (!job.isSame(body, record)) return { ok: false as const, conflict: { id: record.id, existing: body } };
    }
    if (fresh.length === 0) return { ok: true as const, inserted: [] };
    const inserted: { id: string; seq: number }[] = [];
    for (let i = 0; i < fresh.length; i += ROWS_PER_INSERT) {
      const chunk = fresh.slice(i, i + ROWS_PER_INSERT);
      // ON CONFLICT DO NOTHING: a concurrent identical batch that committed first is not an error.
      const rows = await trx
        .insertInto('statements')
        .values(
          chunk.map((record) => ({
            id: record.id,
            body: record.body,
            actor_key: record.actorKey,
            verb_id: record.verbId,
            activity_id: record.activityId,
            target_statement_id: record.targetStatementId,
            registration: record.registration,
            timestamp_ms: record.timestampMs,
            stored_ms: record.storedMs,
            authority_key: record.authorityKey,
            voided: 0,
            is_voiding: record.isVoiding ? 1 : 0,
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .returning(['id', 'seq'])
        .execute();
      inserted.push(...rows);
    }
    const seqById = new Map(inserted.map((row) => [row.id, row.seq]));
    const raced = fresh.filter((record) => !seqById.has(record.id));
    for (const record of raced) {
      const row = await trx.selectFrom('statements').select('body').where('id', '=', record.id).executeTakeFirstOrThrow();
      if (!job.isSame(row.body, record)) throw new ConflictAfterRace(record.id, row.body);
    }
    const stored = fresh.filter((record) => seqById.has(record.id));
    const agentRows = stored.flatMap((record) =>
      record.agents.map((agent) => ({ statement_seq: seqById.get(record.id)!, agent_key: agent.key, related_only: agent.relatedOnly ? 1 : 0 })),
    );
    const activityRows = stored.flatMap((record) =>
      record.activities.map((activity) => ({
        statement_seq: seqById.get(record.id)!,
        activity_id: activity.id,
        related_only: activity.relatedOnly ? 1 : 0,
      })),
    );
    for (let i = 0; i < agentRows.length; i += ROWS_PER_INSERT * 3) {
      await trx.insertInto('statement_agents').values(agentRows.slice(i, i + ROWS_PER_INSERT * 3)).execute();
    }
    for (let i = 0; i < activityRows.length; i += ROWS_PER_INSERT * 3) {
      await trx.insertInto('statement_activities').values(activityRows.slice(i, i + ROWS_PER_INSERT * 3)).execute();
    }
    // Voiding marks the target; a voiding statement itself is never voided (the caller refused that case).
    const targets = stored.filter((record) => record.isVoiding && record.targetStatementId).map((record) => record.targetStatementId!);
    if (targets.length) {
      await trx.updateTable('statements').set({ voided: 1 }).where('id', 'in', targets).where('is_voiding', '=', 0).execute();
    }
    for (const attachment of job.attachments) {
      await trx
        .insertInto('attachments')
        .values({ sha2: attachment.sha2, content_type: attachment.contentType, length: attachment.content.byteLength, content: attachment.content })
        .onConflict((oc) => oc.column('sha2').doNothing())
        .execute();
    }
    if (job.afterInsert && stored.length) await job.afterInsert(trx, stored);
    return { ok: true as const, inserted: stored.map((record) => record.id) };
  }

  /** Whether the statement with this id is stored and whether it voids another. */
  async describe(id: string): Promise<{ isVoiding: boolean; voided: boolean } | undefined> {
    const row = await this.db.selectFrom('statements').select(['is_voiding', 'voided']).where('id', '=', id).executeTakeFirst();
    return row && { isVoiding: row.is_voiding === 1, voided: row.voided === 1 };
  }

  /** A statement by id: `voided` selects whether a voided one (voidedStatementId) or a live one (statementId) is wanted. */
  async get(id: string, voided: boolean): Promise<StoredStatement | undefined> {
    const row = await this.db
      .selectFrom('statements')
      .select(['seq', 'id', 'body', 'stored_ms'])
      .where('id', '=', id)
      .where('voided', '=', voided ? 1 : 0)
      .executeTakeFirst();
    return row && { seq: row.seq, id: row.id, body: row.body, storedMs: row.stored_ms };
  }

  /** The newest sequence number stored, to pin a query's pages to one set of statements. */
  async latestSeq(): Promise<number> {
    const row = await this.db.selectFrom('statements').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  /** Runs an xAPI statement query; returns one more row than `limit` when there are more. */
  async query(query: StatementQuery): Promise<StoredStatement[]> {
    const filtered = (qb: SelectQueryBuilder<Database, 'statements', object>, withRefs: boolean) => {
      let q = qb;
      if (query.agentKey !== undefined) {
        const key = query.agentKey;
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('statement_agents')
              .select(sql`1`.as('one'))
              .whereRef('statement_agents.statement_seq', '=', 'statements.seq')
              .where('statement_agents.agent_key', '=', key)
              .$if(!query.relatedAgents, (sub) => sub.where('statement_agents.related_only', '=', 0)),
          ),
        );
      }
      if (query.verbId !== undefined) q = q.where('statements.verb_id', '=', query.verbId);
      if (query.activityId !== undefined) {
        const id = query.activityId;
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('statement_activities')
              .select(sql`1`.as('one'))
              .whereRef('statement_activities.statement_seq', '=', 'statements.seq')
              .where('statement_activities.activity_id', '=', id)
              .$if(!query.relatedActivities, (sub) => sub.where('statement_activities.related_only', '=', 0)),
          ),
        );
      }
      if (query.registration !== undefined) q = q.where('statements.registration', '=', query.registration);
      if (withRefs) q = q.where('statements.voided', '=', 0);
      return q;
    };
    const hasTargetFilters =
      query.agentKey !== undefined || query.verbId !== undefined || query.activityId !== undefined || query.registration !== undefined;
    let q = filtered(this.db.selectFrom('statements'), true);
    if (hasTargetFilters) {
      // xAPI: a statement that targets (StatementRef) a statement matching the filters matches them too.
      q = this.db
        .selectFrom('statements')
        .where('statements.voided', '=', 0)
        .where((eb) =>
          eb.or([
            eb('statements.seq', 'in', filtered(this.db.selectFrom('statements'), false).select('statements.seq')),
            eb(
              'statements.target_statement_id',
              'in',
              filtered(this.db.selectFrom('statements'), false).select('statements.id'),
            ),
          ]),
        );
    }
    if (query.sinceMs !== undefined) q = q.where('statements.stored_ms', '>', query.sinceMs);
    if (query.untilMs !== undefined) q = q.where('statements.stored_ms', '<=', query.untilMs);
    if (query.upTo !== undefined) q = q.where('statements.seq', '<=', query.upTo);
    if (query.after !== undefined) q = q.where('statements.seq', query.ascending ? '>' : '<', query.after);
    const rows = await q
      .select(['statements.seq', 'statements.id', 'statements.body', 'statements.stored_ms'])
      .orderBy('statements.seq', query.ascending ? 'asc' : 'desc')
      .limit(query.limit + 1)
      .execute();
    return rows.map((row) => ({ seq: row.seq, id: row.id, body: row.body, storedMs: row.stored_ms }));
  }

  /** Attachment contents by hash, for answers with attachments=true. */
  async attachments(sha2s: string[]): Promise<AttachmentRecord[]> {
    if (sha2s.length === 0) return [];
    const rows = await this.db.selectFrom('attachments').selectAll().where('sha2', 'in', sha2s).execute();
    return rows.map((row) => ({ sha2: row.sha2, contentType: row.content_type, content: new Uint8Array(row.content) }));
  }

  /** Deletes every statement of one actor (a learner's erasure request); returns how many went. */
  async deleteByActor(actorKey: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const seqs = trx.selectFrom('statements').select('seq').where('actor_key', '=', actorKey);
      await trx.deleteFrom('statement_agents').where('statement_seq', 'in', seqs).execute();
      await trx.deleteFrom('statement_activities').where('statement_seq', 'in', seqs).execute();
      const result = await trx.deleteFrom('statements').where('actor_key', '=', actorKey).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  /** Counts statements (all, or of one actor): used by reports of the admin page and by the tests. */
  async count(actorKey?: string): Promise<number> {
    const row = await this.db
      .selectFrom('statements')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .$if(actorKey !== undefined, (q) => q.where('actor_key', '=', actorKey!))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

interface InsertJob {
  records: StatementRecord[];
  attachments: AttachmentRecord[];
  isSame: (existingBody: string, record: StatementRecord) => boolean;
  afterInsert: AfterInsert | undefined;
}

interface QueuedInsert {
  job: InsertJob;
  resolve: (outcome: InsertOutcome) => void;
  reject: (error: unknown) => void;
}

/** A statement stored by another writer between our check and our insert, with other content: a conflict, not a failure. */
async function conflictOutcome(error: unknown): Promise<InsertOutcome> {
  if (error instanceof ConflictAfterRace) return { ok: false, conflict: { id: error.id, existing: error.existing } };
  throw error;
}

class ConflictAfterRace extends Error {
  constructor(
    readonly id: string,
    readonly existing: string,
  ) {
    super(`statement ${id} conflicts with one stored concurrently`);
  }
}
