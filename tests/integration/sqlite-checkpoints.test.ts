import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/server/db/database.ts';
import { migrateToLatest } from '../../src/server/db/migrations.ts';
import { StatementStore } from '../../src/server/xapi/statement-store.ts';
import { statementRecord } from '../support/statement-record.ts';

/** A statement of about 10 KB, so a few hundred fill megabytes of log. */
function bulkyRecord() {
  const id = randomUUID();
  return statementRecord({ id, body: JSON.stringify({ id, padding: 'x'.repeat(10_000) }) });
}

describe('SQLite checkpoints on a thread of their own', () => {
  test('copy the log into the database file while the writer goes on, so the log starts again small', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'icrm-checkpoints-'));
    const database = openDatabase({ dataDir, backgroundCheckpoints: true });
    try {
      await migrateToLatest(database.db, database.kind);
      const store = new StatementStore(database.db, database.kind);
      // About 10 MB of log: below the writer's own automatic checkpoint, above the background thread's threshold.
      for (let i = 0; i < 10; i++) await store.insert(Array.from({ length: 100 }, bulkyRecord), [], () => true);
      const wal = () => statSync(join(dataDir, 'icrm.sqlite-wal')).size;
      expect(wal()).toBeGreaterThan(8 * 1024 * 1024);
      // Once the thread has copied it all, the next write starts the log from the beginning.
      await expect
        .poll(async () => {
          await store.insert([bulkyRecord()], [], () => true);
          return wal();
        }, { timeout: 10_000, interval: 250 })
        .toBeLessThan(1024 * 1024);
      expect(await store.count()).toBeGreaterThan(1000);
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
