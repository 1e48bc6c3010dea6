import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseKind } from './database.ts';

/** Migrations are code, run in the order of their names, so they travel inside the server bundle. Never edit a shipped one. */
function migrations(kind: DatabaseKind): Record<string, Migration> {
  const autoId = kind === 'postgres' ? 'bigserial' : 'integer';
  const bigint = kind === 'postgres' ? 'bigint' : 'integer';
  const blob = kind === 'postgres' ? 'bytea' : 'blob';
  // PostgreSQL's `real` is 4 bytes: 0.7 would come back as 0.7000000029802322.
  const double = kind === 'postgres' ? 'double precision' : 'real';
  return {
    '0001-accounts-and-statements': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('users')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('department', 'text')
          .addColumn('employee_id', 'text', (c) => c.unique())
          .addColumn('email', 'text')
          .addColumn('roles', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text')
          .addColumn('disabled_at', bigint)
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('expires_at', bigint, (c) => c.notNull())
          .addColumn('last_seen_at', bigint, (c) => c.notNull())
          .addColumn('revoked_at', bigint)
          .execute();
        await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
        await db.schema
          .createTable('invites')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_by', 'text')
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('expires_at', bigint, (c) => c.notNull())
          .addColumn('used_at', bigint)
          .execute();
        await db.schema
          .createTable('api_clients')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('secret_hash', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text')
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('disabled_at', bigint)
          .execute();
        await db.schema
          .createTable('sign_in_failures')
          .addColumn('id', autoId, (c) => c.primaryKey())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('at', bigint, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sign_in_failures_subject').on('sign_in_failures').columns(['subject', 'at']).execute();
        await db.schema
          .createTable('statements')
          .addColumn('seq', autoId, (c) => c.primaryKey())
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('actor_key', 'text', (c) => c.notNull())
          .addColumn('verb_id', 'text', (c) => c.notNull())
          .addColumn('activity_id', 'text')
          .addColumn('target_statement_id', 'text')
          .addColumn('registration', 'text')
          .addColumn('timestamp_ms', bigint, (c) => c.notNull())
          .addColumn('stored_ms', bigint, (c) => c.notNull())
          .addColumn('authority_key', 'text', (c) => c.notNull())
          .addColumn('voided', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('is_voiding', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.createIndex('statements_actor').on('statements').columns(['actor_key', 'seq']).execute();
        await db.schema.createIndex('statements_verb').on('statements').columns(['verb_id', 'seq']).execute();
        await db.schema.createIndex('statements_activity').on('statements').columns(['activity_id', 'seq']).execute();
        await db.schema.createIndex('statements_registration').on('statements').columns(['registration', 'seq']).execute();
        await db.schema.createIndex('statements_target').on('statements').column('target_statement_id').execute();
        await db.schema.createIndex('statements_stored').on('statements').columns(['stored_ms', 'seq']).execute();
        // The index tables have no foreign key or index of their own on statement_seq: every query reaches them through
        // (key, statement_seq), and only the rare erasure deletes from them (StatementStore.deleteByActor does it by hand).
        await db.schema
          .createTable('statement_agents')
          .addColumn('statement_seq', bigint, (c) => c.notNull())
          .addColumn('agent_key', 'text', (c) => c.notNull())
          .addColumn('related_only', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('statement_agents_key').on('statement_agents').columns(['agent_key', 'statement_seq']).execute();
        await db.schema
          .createTable('statement_activities')
          .addColumn('statement_seq', bigint, (c) => c.notNull())
          .addColumn('activity_id', 'text', (c) => c.notNull())
          .addColumn('related_only', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('statement_activities_id')
          .on('statement_activities')
          .columns(['activity_id', 'statement_seq'])
          .execute();
        await db.schema
          .createTable('attachments')
          .addColumn('sha2', 'text', (c) => c.primaryKey())
          .addColumn('content_type', 'text', (c) => c.notNull())
          .addColumn('length', bigint, (c) => c.notNull())
          .addColumn('content', blob, (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('id', autoId, (c) => c.primaryKey())
          .addColumn('at', bigint, (c) => c.notNull())
          .addColumn('actor_user_id', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0002-enrolments-and-final-assessment': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('enrolments')
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('course_id', 'text', (c) => c.notNull())
          .addColumn('registration', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('enrolments_pk', ['user_id', 'course_id'])
          .execute();
        await db.schema
          .createTable('assessment_attempts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('course_id', 'text', (c) => c.notNull())
          .addColumn('bank_id', 'text', (c) => c.notNull())
          .addColumn('questions', 'text', (c) => c.notNull())
          .addColumn('started_at', bigint, (c) => c.notNull())
          .addColumn('deadline_at', bigint, (c) => c.notNull())
          .addColumn('submitted_at', bigint)
          .addColumn('raw', double)
          .addColumn('max', 'integer')
          .addColumn('scaled', double)
          .addColumn('passed', 'integer')
          .execute();
        await db.schema.createIndex('assessment_attempts_user').on('assessment_attempts').columns(['user_id', 'course_id']).execute();
        await db.schema
          .createTable('assessment_answers')
          .addColumn('attempt_id', 'text', (c) => c.notNull().references('assessment_attempts.id').onDelete('cascade'))
          .addColumn('question_id', 'text', (c) => c.notNull())
          .addColumn('response', 'text', (c) => c.notNull())
          .addColumn('saved_at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('assessment_answers_pk', ['attempt_id', 'question_id'])
          .execute();
      },
    },
    '0003-progress-rows': {
      async up(db: Kysely<unknown>) {
        // One row per learner and course, folded forward as statements arrive: reports read these, never the log.
        await db.schema
          .createTable('progress')
          .addColumn('actor_key', 'text', (c) => c.notNull())
          .addColumn('course_id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text')
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('share', double, (c) => c.notNull())
          .addColumn('completed_at', bigint)
          .addColumn('expires_at', bigint)
          .addColumn('last_activity_at', bigint)
          .addColumn('statement_count', 'integer', (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('progress_pk', ['actor_key', 'course_id'])
          .execute();
        await db.schema.createIndex('progress_course_status').on('progress').columns(['course_id', 'status']).execute();
        await db.schema.createIndex('progress_user').on('progress').column('user_id').execute();
      },
    },
    '0004-certificates': {
      async up(db: Kysely<unknown>) {
        // One row per issued credential; the learner's name, employee id and department are copied as they were at completion,
        // so a later transfer or rename in the roster never rewrites a past completion.
        await db.schema
          .createTable('certificates')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('actor_key', 'text', (c) => c.notNull())
          .addColumn('course_id', 'text', (c) => c.notNull())
          .addColumn('content_version', 'text', (c) => c.notNull())
          .addColumn('learner_name', 'text', (c) => c.notNull())
          .addColumn('employee_id', 'text')
          .addColumn('department', 'text')
          .addColumn('completed_at', bigint, (c) => c.notNull())
          .addColumn('issued_at', bigint, (c) => c.notNull())
          .addColumn('expires_at', bigint)
          .addColumn('kid', 'text', (c) => c.notNull())
          .addColumn('credential', 'text', (c) => c.notNull())
          .addColumn('revoked_at', bigint)
          .addColumn('revoked_by', 'text')
          .addColumn('revoke_reason', 'text')
          .execute();
        // Issuing is idempotent: one credential per learner, course and certification period (its completion instant).
        await db.schema
          .createIndex('certificates_period')
          .on('certificates')
          .columns(['user_id', 'course_id', 'completed_at'])
          .unique()
          .execute();
        await db.schema.createIndex('certificates_course_expiry').on('certificates').columns(['course_id', 'expires_at']).execute();
        // Public keys stay here after rotation so old credentials keep verifying; private keys never enter the database.
        await db.schema
          .createTable('signing_keys')
          .addColumn('kid', 'text', (c) => c.primaryKey())
          .addColumn('public_jwk', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('retired_at', bigint)
          .execute();
      },
    },
    '0004a-drop-unused-statement-index': {
      async up(db: Kysely<unknown>) {
        // Activity filters read statement_activities; this index was never read, yet every insert paid for it
        // (a batch's statements name many activities, each in another page of the index).
        await db.schema.dropIndex('statements_activity').execute();
      },
    },
    '0006-hr-console': {
      async up(db: Kysely<unknown>) {
        // The department a completion counts under is the one at completion time: a later transfer in the roster moves
        // the learner, not their past completion. Rows completed before this migration take the department they have now.
        await db.schema.alterTable('progress').addColumn('completed_department', 'text').execute();
        await sql`update progress set completed_department = (select u.department from users u where u.id = progress.user_id) where completed_at is not null`.execute(db);
        await db.schema.createIndex('users_department').on('users').column('department').execute();
        await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
        await db.schema.createIndex('certificates_user').on('certificates').column('user_id').execute();
        // A roster import is a job: the file is checked and its rows staged in chunks (so 100,000 rows never hold the
        // server up), then applied to the accounts in one short transaction. The page polls the job for its progress.
        await db.schema
          .createTable('roster_imports')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('updated_at', bigint, (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('total_rows', 'integer', (c) => c.notNull())
          .addColumn('processed_rows', 'integer', (c) => c.notNull())
          .addColumn('preview', 'text')
          .addColumn('message', 'text')
          .addColumn('applied_at', bigint)
          .execute();
        await db.schema
          .createTable('roster_import_rows')
          .addColumn('import_id', 'text', (c) => c.notNull().references('roster_imports.id').onDelete('cascade'))
          .addColumn('line', 'integer', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('employee_id', 'text', (c) => c.notNull())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('department', 'text')
          .addColumn('email', 'text')
          .addColumn('roles', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('roster_import_rows_pk', ['import_id', 'line'])
          .execute();
      },
    },
    '0007-classroom-sessions': {
      async up(db: Kysely<unknown>) {
        // One row per classroom session. `state` is the session machine's stored snapshot (value and context); `version`
        // counts the commands applied, so a command sent from a stale page is refused rather than forking the session.
        await db.schema
          .createTable('classroom_sessions')
          .addColumn('code', 'text', (c) => c.primaryKey())
          .addColumn('course_id', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('lessons', 'text', (c) => c.notNull())
          .addColumn('starts_at', bigint, (c) => c.notNull())
          .addColumn('place', 'text', (c) => c.notNull())
          .addColumn('capacity', 'integer', (c) => c.notNull())
          .addColumn('seed', bigint, (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', bigint, (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('last_seq', 'integer', (c) => c.notNull())
          .addColumn('opened_at', bigint)
          .addColumn('started_at', bigint)
          .addColumn('closed_at', bigint)
          // Attendance statements are written after the closing commit; a session closed without it is finished later.
          .addColumn('attendance_recorded_at', bigint)
          .execute();
        await db.schema.createIndex('classroom_sessions_starts').on('classroom_sessions').columns(['starts_at']).execute();
        // Signed-in participants are found by account, guests by the hash of the token in their cookie. Guests keep the
        // name (and employee id, if given) they typed, so HR can match them to the roster later.
        await db.schema
          .createTable('classroom_participants')
          .addColumn('session_code', 'text', (c) => c.notNull().references('classroom_sessions.code').onDelete('cascade'))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('user_id', 'text')
          .addColumn('token_hash', 'text')
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('employee_id', 'text')
          .addColumn('department', 'text')
          .addColumn('joined_at', bigint, (c) => c.notNull())
          .addColumn('present', 'integer', (c) => c.notNull())
          .addColumn('checked_in_at', bigint)
          .addColumn('checked_out_at', bigint)
          .addColumn('checked_in_by', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('classroom_participants_pk', ['session_code', 'id'])
          .execute();
        await db.schema
          .createIndex('classroom_participants_user')
          .on('classroom_participants')
          .columns(['session_code', 'user_id'])
          .unique()
          .execute();
        await db.schema.createIndex('classroom_participants_token').on('classroom_participants').column('token_hash').unique().execute();
        // What was put to the room: the question or decision as shown, its key kept beside it for the reveal, and the
        // final tally once revealed or resolved.
        await db.schema
          .createTable('classroom_pushes')
          .addColumn('session_code', 'text', (c) => c.notNull().references('classroom_sessions.code').onDelete('cascade'))
          .addColumn('id', 'integer', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('ref', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('opened_at', bigint, (c) => c.notNull())
          .addColumn('closed_at', bigint)
          .addColumn('outcome', 'text')
          .addPrimaryKeyConstraint('classroom_pushes_pk', ['session_code', 'id'])
          .execute();
        // One answer per person and push: answering again replaces it, so a phone that re-sends after a reconnect counts once.
        await db.schema
          .createTable('classroom_answers')
          .addColumn('session_code', 'text', (c) => c.notNull().references('classroom_sessions.code').onDelete('cascade'))
          .addColumn('push_id', 'integer', (c) => c.notNull())
          .addColumn('participant_id', 'text', (c) => c.notNull())
          .addColumn('response', 'text', (c) => c.notNull())
          .addColumn('answered_at', bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('classroom_answers_pk', ['session_code', 'push_id', 'participant_id'])
          .execute();
        // The live events of each session, numbered per session: a stream that reconnects with Last-Event-ID is sent what
        // it missed. With several server instances each one reads new events from here when PostgreSQL notifies it.
        await db.schema
          .createTable('classroom_events')
          .addColumn('session_code', 'text', (c) => c.notNull().references('classroom_sessions.code').onDelete('cascade'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('audience', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('at', bigint, (c) => c.notNull())
          .addColumn('command_id', 'text')
          .addPrimaryKeyConstraint('classroom_events_pk', ['session_code', 'seq'])
          .execute();
        await db.schema
          .createIndex('classroom_events_command')
          .on('classroom_events')
          .columns(['session_code', 'command_id'])
          .unique()
          .execute();
      },
    },
    '0008-leaner-statement-indexes': {
      async up(db: Kysely<unknown>) {
        // Every stored statement writes a row to each index table per agent and activity it names (five for a quiz
        // answer). As rowid tables with an index beside them, each row went into two b-trees; keyed by (key, seq) the
        // table is its own index, so SQLite writes one. PostgreSQL keeps a heap and a primary-key index, as before.
        for (const [table, key, oldIndex] of [
          ['statement_agents', 'agent_key', 'statement_agents_key'],
          ['statement_activities', 'activity_id', 'statement_activities_id'],
        ] as const) {
          if (kind === 'postgres') {
            await sql`alter table ${sql.table(table)} add primary key (${sql.ref(key)}, statement_seq)`.execute(db);
            await db.schema.dropIndex(oldIndex).execute();
            continue;
          }
          await db.schema
            .createTable(`${table}_keyed`)
            .addColumn(key, 'text', (c) => c.notNull())
            .addColumn('statement_seq', bigint, (c) => c.notNull())
            .addColumn('related_only', 'integer', (c) => c.notNull())
            .addPrimaryKeyConstraint(`${table}_pk`, [key, 'statement_seq'] as never)
            .modifyEnd(sql`without rowid`)
            .execute();
          await sql`insert into ${sql.table(`${table}_keyed`)} (${sql.ref(key)}, statement_seq, related_only) select ${sql.ref(key)}, statement_seq, related_only from ${sql.table(table)}`.execute(db);
          await db.schema.dropTable(table).execute();
          await db.schema.alterTable(`${table}_keyed`).renameTo(table).execute();
        }
        // The verb index cost a stored statement more than any other (a long IRI, the same in most rows) and no query of
        // this site reads it: devices pull by registration, reports read progress rows. A client asking by verb alone (an
        // external LRS tool) is answered by a scan of the log: slower, rare, and still right.
        await db.schema.dropIndex('statements_verb').execute();
        // Only voiding statements name a target: the index keeps those and skips the NULL of every other statement.
        await db.schema.dropIndex('statements_target').execute();
        await db.schema
          .createIndex('statements_target')
          .on('statements')
          .column('target_statement_id')
          .where(sql.ref('target_statement_id'), 'is not', null)
          .execute();
      },
    },
  };
}

/** Brings the database to the newest schema; a database from an older server keeps its rows. */
export function migrateToLatest(db: Kysely<any>, kind: DatabaseKind, schema?: string): Promise<string[]> {
  return migrateTo(db, kind, 'latest', schema);
}

/** Brings the database to the schema of migration `target` (the tests start from an older server's schema). */
export async function migrateTo(db: Kysely<any>, kind: DatabaseKind, target: string, schema?: string): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(kind) };
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // A PostgreSQL schema other than the default (the tests give each run one) holds its own bookkeeping tables.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await (target === 'latest' ? migrator.migrateToLatest() : migrator.migrateTo(target));
  if (error) throw error instanceof Error ? error : new Error(String(error));
  if (kind === 'sqlite') await sql`PRAGMA optimize`.execute(db);
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
