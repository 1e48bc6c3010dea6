import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import { startBackgroundCheckpoints } from './sqlite-checkpoints.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface AppDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** A human description for the start-up log (never the password). */
  description: string;
  close(): Promise<void>;
}

/**
 * Begins every SQLite transaction with the write lock (BEGIN IMMEDIATE), so `busy_timeout` rides out a lock another
 * process holds. A deferred transaction that reads before it writes (storing statements does) is refused at once with
 * SQLITE_BUSY instead: SQLite cannot wait for the lock without risking a deadlock with a reader turned writer.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

// PostgreSQL returns BIGINT as strings to protect precision; our bigints are millisecond times and counters.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** How many prepared statements a SQLite connection keeps: more than the server's distinct queries. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew, and better-sqlite3 parses its SQL each time: the statement API's inserts and the
 * progress updates run the same SQL thousands of times, so each text is prepared once and kept (oldest dropped first).
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const prepared = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(query: string) {
      const cached = prepared.get(query);
      // A statement still iterating (a streamed query) cannot run again until it is done.
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(query);
      if (prepared.size >= STATEMENT_CACHE_SIZE) prepared.delete(prepared.keys().next().value!);
      prepared.set(query, statement);
      return statement;
    },
  };
}

const unavailableCodes = new Set([
  // Node's socket errors: nothing listens, or the connection was cut.
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  // PostgreSQL: shutting down, crashed, starting up or in recovery, too many connections.
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/**
 * Whether a failure means the database cannot be reached for now (a restart, a network cut), not that a query was
 * wrong: the request is worth sending again shortly. node-postgres reports a connection that ended under a query,
 * or that ended before it, only by message.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
  if (/^Connection terminated|not queryable/.test(error.message)) return true;
  const inner = error instanceof AggregateError ? error.errors : [error.cause];
  return inner.some(isDatabaseUnavailable);
}

/** Opens the database the settings name: PostgreSQL when a URL is given, otherwise SQLite in the data folder. */
export function openDatabase(options: { dataDir: string; databaseUrl?: string | undefined; backgroundCheckpoints?: boolean }): AppDatabase {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // A restarted or unreachable PostgreSQL cuts every connection, and node-postgres reports it as an 'error' event on
    // the pool (idle connections) or the client (connections in use): unheard, that event ends the process. The
    // query in flight fails on its own (the request answers 503), the pool drops the dead connection and opens new
    // ones once the database is back.
    pool.on('error', (error) => console.warn('PostgreSQL 连接已断开：', error.message));
    pool.on('connect', (client) => client.on('error', () => {}));
    const url = new URL(options.databaseUrl);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      description: `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`,
      close: () => db.destroy(),
    };
  }
  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'icrm.sqlite');
  const sqlite = new SqliteDatabase(file);
  // WAL lets reports read while statements are written; busy_timeout rides out a short lock held by another process.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // The server copies the log into the database on a thread of its own past 4 MB; this writer then checkpoints only if
  // that thread falls far behind (160 MB). Without the thread (commands, tests), every 16 MB of log rather than 4:
  // pages written by several commits go to the database file once.
  const checkpoints = options.backgroundCheckpoints ? startBackgroundCheckpoints(file) : undefined;
  sqlite.pragma(`wal_autocheckpoint = ${checkpoints ? 40_000 : 4000}`);
  // The log is emptied, not left at its largest size, once a checkpoint has copied all of it: its size says what is new.
  sqlite.pragma('journal_size_limit = 0');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    kind: 'sqlite',
    description: `SQLite ${file}`,
    async close() {
      await checkpoints?.stop();
      await db.destroy();
    },
  };
}
