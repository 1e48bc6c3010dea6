import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import type { ProgressReport } from '../../src/core/progress/progress-fold.ts';
import type { Statement } from '../../src/core/statements/xapi.ts';
import { launchBrowser } from './browser.ts';
import { courseContextOf, readDevice, seedStudyHistory, type DeviceRow } from './device-log.ts';
import { startSiteServer, type SiteServer } from './e2e-server.ts';
import { HttpSession } from './http-client.ts';
import { expectedReport, serverReport, serverStatements } from './server-record.ts';
import { runUserCommand } from './user-command.ts';

/*
 * What the sync fault-injection tests share: a browser whose contexts are devices, a server a test may kill and start
 * again with the learner on it, a device with a whole course studied anonymously in its outbox, and the end state
 * every fault test demands (each statement on the server exactly once, and the report their fold gives).
 */

let browser: Browser;
const contexts: BrowserContext[] = [];
const cleanups: (() => Promise<void>)[] = [];

/** Starts the browser for a test file, and after each test closes its devices and runs its clean-ups (last first). */
export function useFaultHarness(): void {
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await browser?.close();
  });
}

/** Runs `cleanup` after the current test, once its devices are closed. */
export function afterThisTest(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

export const learner = { username: 'xiaoli', password: 'xiaoli-password-2026', displayName: '小李' };

/** A server on a fixed port and data folder that a test may kill and start again, as an operator's supervisor would. */
export class CrashableServer {
  private constructor(
    public current: SiteServer,
    readonly dataDir: string,
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<CrashableServer> {
    const first = await startSiteServer({ env });
    const server = new CrashableServer(first, first.dataDir, Number(new URL(first.baseUrl).port), env);
    cleanups.push(async () => {
      await server.current.stop();
      rmSync(server.dataDir, { recursive: true, force: true });
    });
    const created = await runUserCommand(
      server.dataDir,
      ['create', learner.username, '--role', 'learner', '--name', learner.displayName, '--password-stdin'],
      `${learner.password}\n`,
      env,
    );
    if (created.status !== 0) throw new Error(created.stderr);
    return server;
  }

  get baseUrl(): string {
    return this.current.baseUrl;
  }

  /** SIGKILL: no shutdown, no flush, as a crash or an OOM kill would leave it. */
  kill(): Promise<void> {
    return this.current.stop('SIGKILL');
  }

  async restart(): Promise<void> {
    this.current = await startSiteServer({ dataDir: this.dataDir, port: this.port, env: this.env });
  }
}

/** A browser profile of its own: one device (its tabs share IndexedDB, cookies and Web Locks). */
export async function newDevice(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  contexts.push(context);
  return context;
}

/**
 * A learner who studied the whole course on this device without signing in: a lesson opened for real (so the page's
 * own scripts make the anonymous profile and record), then the rest of the course's statements in the outbox.
 * Returns the page, left on the course home (which records nothing), and the seeded statements.
 */
export async function deviceWithUnsyncedCourse(context: BrowserContext, baseUrl: string): Promise<{ page: Page; seeded: Statement[] }> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/courses/icrm/course-introduction/`);
  await expect.poll(async () => (await readDevice(page)).rows.length, { timeout: 15_000 }).toBeGreaterThan(0);
  await page.goto(`${baseUrl}/courses/icrm/`);
  const seeded = await seedStudyHistory(page);
  return { page, seeded };
}

/** The learner's own HTTP session, to read what the server holds for them. */
export async function learnerSession(baseUrl: string): Promise<HttpSession> {
  const session = new HttpSession({ baseUrl });
  await session.signIn(learner.username, learner.password);
  return session;
}

export const pendingCount = (rows: DeviceRow[]) => rows.filter((row) => row.synced !== 1).length;
export const sorted = (ids: Iterable<string>) => [...ids].sort();

/**
 * The end state every fault test demands: the device's outbox is empty, the server holds each of the device's
 * statements exactly once and nothing else, every statement in `expected` among them, and the server's report is the
 * course's fold over exactly those statements.
 */
export async function expectExactlyOnce(page: Page, baseUrl: string, expected: Statement[]): Promise<{ onServer: Statement[]; report: ProgressReport }> {
  await expect.poll(async () => pendingCount((await readDevice(page)).rows), { timeout: 120_000, interval: 1000 }).toBe(0);
  await expect.poll(() => page.locator('#sync-status').innerText(), { timeout: 30_000 }).toBe('已同步');
  const session = await learnerSession(baseUrl);
  const onServer = await serverStatements(session);
  const { rows, profile } = await readDevice(page);
  const mine = rows.filter((row) => row.actorKey === `account:${profile!.account!.name}`).map((row) => row.statement);
  expect(onServer.length).toBe(mine.length);
  expect(new Set(onServer.map((statement) => statement.id)).size).toBe(onServer.length);
  expect(sorted(onServer.map((statement) => statement.id))).toEqual(sorted(mine.map((statement) => statement.id)));
  const held = new Set(onServer.map((statement) => statement.id));
  expect(expected.filter((statement) => !held.has(statement.id))).toEqual([]);

  const { asOf, statementsOnServer, report } = await serverReport(session);
  expect(statementsOnServer).toBe(mine.length);
  const { model } = await courseContextOf(page);
  expect(report).toEqual(expectedReport(model, onServer, asOf));
  expect(report.statementCount).toBe(mine.length);
  return { onServer, report };
}

/**
 * The seeded course is studied in full except the final assessment, which only the server can grade: on each of
 * `devices` devices, every quiz passed once and every role-play played once.
 */
export function expectWholeCourseStudied(report: ProgressReport, devices = 1): void {
  expect(report.lessons.every((lesson) => lesson.status === 'completed')).toBe(true);
  expect(report.quizzes.every((quiz) => quiz.passed && quiz.attempts === devices)).toBe(true);
  expect(report.scenarios.every((scenario) => scenario.completions === devices)).toBe(true);
  expect(report.complete).toBe(false);
}

/** Calls `onPost` for each `POST /xapi/statements` the device sends (numbered from 1); other requests pass. */
export async function interceptPosts(context: BrowserContext, onPost: (route: Route, n: number) => Promise<void>): Promise<void> {
  let n = 0;
  await context.route('**/xapi/statements*', (route) =>
    route.request().method() === 'POST' ? onPost(route, ++n) : route.continue(),
  );
}
