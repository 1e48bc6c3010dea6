import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { BrowserContext } from 'playwright-core';
import { applyStatements, initProgress, viewProgress, type ProgressReport } from '../../src/core/progress/progress-fold.ts';
import type { ProgressModel } from '../../src/core/progress/progress-model.ts';
import type { Statement } from '../../src/core/statements/xapi.ts';
import type { HttpSession } from './http-client.ts';
import { XAPI_HEADERS } from './xapi.ts';

/** Every statement the server holds for the signed-in learner of `session`, page after page (`more`). */
export async function serverStatements(session: HttpSession): Promise<Statement[]> {
  const all: Statement[] = [];
  let next = '/xapi/statements?limit=500&ascending=true';
  while (next) {
    const response = await session.request(next, { headers: XAPI_HEADERS });
    if (response.status !== 200) throw new Error(`GET ${next} answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { statements: Statement[]; more: string };
    all.push(...page.statements);
    next = page.more;
  }
  return all;
}

/** What `GET /api/me/report` answers (the fields the fault tests compare). */
export interface ServerReport {
  asOf: string;
  statementsOnServer: number;
  report: ProgressReport;
}

export async function serverReport(session: HttpSession): Promise<ServerReport> {
  const response = await session.request('/api/me/report');
  if (response.status !== 200) throw new Error(`GET /api/me/report answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as ServerReport;
}

/** The report the course's fold gives for `statements` as of `asOf`: what the server must say once it holds them all. */
export function expectedReport(model: ProgressModel, statements: readonly Statement[], asOf: string): ProgressReport {
  return viewProgress(model, applyStatements(model, initProgress(model), statements), new Date(asOf));
}

/** Signs a browser context in through the JSON API, so every page of it (and its sync engine) acts for the learner. */
export async function signInContext(context: BrowserContext, baseUrl: string, username: string, password: string): Promise<void> {
  const response = await context.request.post(`${baseUrl}/api/auth/signin`, {
    data: { username, password },
    headers: { Origin: baseUrl },
  });
  if (response.status() !== 200) throw new Error(`sign-in of ${username} failed: ${response.status()} ${await response.text()}`);
}

/**
 * Takes the write lock of a server's SQLite database from another process (this one), as a backup tool or a
 * second instance would: the server's next write waits (busy_timeout) inside its transaction until `release()`.
 */
export function holdSqliteWriteLock(dataDir: string): { release(): void } {
  const database = new SqliteDatabase(join(dataDir, 'icrm.sqlite'));
  database.exec('BEGIN IMMEDIATE');
  return {
    release() {
      database.exec('ROLLBACK');
      database.close();
    },
  };
}

