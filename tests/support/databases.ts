import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type AppDatabase } from '../../src/server/db/database.ts';
import { migrateTo } from '../../src/server/db/migrations.ts';

export interface TestDatabase {
  name: string;
  /**
   * A migrated database, to the newest schema or to the one of migration `upTo` (an older server's); `schema` is the
   * PostgreSQL schema it lives in, when not the default.
   */
  open(options?: { upTo?: string }): Promise<{ database: AppDatabase; schema?: string; dispose(): Promise<void> }>;
}

/** The databases the contract suite runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [
    {
      name: 'SQLite',
      async open({ upTo = 'latest' } = {}) {
        const dataDir = mkdtempSync(join(tmpdir(), 'icrm-contract-'));
        const database = openDatabase({ dataDir });
        await migrateTo(database.db, database.kind, upTo);
        return {
          database,
          async dispose() {
            await database.close();
            rmSync(dataDir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'PostgreSQL',
      async open({ upTo = 'latest' } = {}) {
        // A schema of its own per test: suites never see each other's rows, and nothing is left behind.
        const schema = `contract_${randomBytes(6).toString('hex')}`;
        const scoped = new URL(url);
        scoped.searchParams.set('options', `-c search_path=${schema}`);
        const database = openDatabase({ dataDir: '', databaseUrl: scoped.toString() });
        await underSchemaLock(url, async (admin) => {
          await admin.query(`CREATE SCHEMA ${schema}`);
          await migrateTo(database.db, database.kind, upTo, schema);
        });
        return {
          database,
          schema,
          async dispose() {
            await database.close();
            await underSchemaLock(url, (admin) => admin.query(`DROP SCHEMA ${schema} CASCADE`));
          },
        };
      },
    });
  }
  return list;
}

/**
 * Runs `work` holding an advisory lock that test files running at once share: the migrator reads the catalogue of
 * every schema, and fails ("schema … does not exist") if another file drops its schema in the middle of that read.
 */
async function underSchemaLock<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(724310)');
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A new, empty PostgreSQL database on the server TEST_DATABASE_URL names, for a server process of its own (the
 * server migrates it on start); `drop()` removes it once the server has stopped.
 */
export async function freshPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `icrm_test_${randomBytes(5).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
