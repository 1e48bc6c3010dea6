import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The log size at which the background thread copies it into the database file (4 MB). */
const CHECKPOINT_AT_BYTES = 4 * 1024 * 1024;
const CHECK_EVERY_MS = 200;

// Runs in the worker: its own connection, a PASSIVE checkpoint (it never waits for, nor blocks, the writer) whenever
// the log has grown past the threshold. A busy or failed checkpoint is simply tried again at the next tick.
const checkpointLoop = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const walSize = () => { try { return statSync(workerData.file + '-wal').size; } catch { return 0; } };
const timer = setInterval(() => {
  if (walSize() < workerData.thresholdBytes) return;
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.everyMs);
parentPort.once('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Copies SQLite's write-ahead log into the database file on a thread of its own. Done by the writing connection
 * (SQLite's default), every sixteenth megabyte of log stopped the server for about 50 ms of copying and syncing while
 * statements waited; in the background the writer goes on. The writer keeps a far higher automatic checkpoint as a
 * backstop should this thread ever fall behind.
 */
export function startBackgroundCheckpoints(file: string): { stop(): Promise<void> } {
  const worker = new Worker(checkpointLoop, {
    eval: true,
    workerData: {
      file,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      thresholdBytes: CHECKPOINT_AT_BYTES,
      everyMs: CHECK_EVERY_MS,
    },
  });
  worker.on('error', (error) => console.warn('SQLite 后台检查点线程出错，改由写入连接自动检查点：', error.message));
  worker.unref();
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  return {
    async stop() {
      // Unreferenced, the worker would not keep the process alive until it has closed its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
