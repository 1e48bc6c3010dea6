import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildProgressModel, type ProgressModel } from '../../src/core/progress/progress-model.ts';
import { createStatementFactory } from '../../src/core/statements/builders.ts';
import type { Statement } from '../../src/core/statements/xapi.ts';
import { loadShippedContent } from '../support/course-fixture.ts';
import { startSiteServer, type SiteServer } from '../support/e2e-server.ts';
import { acceptInvite, importRoster } from '../support/hr.ts';
import { HttpSession } from '../support/http-client.ts';
import { postgresBinDir, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';
import { expectedReport, serverReport, serverStatements } from '../support/server-record.ts';
import { XAPI_HEADERS } from '../support/xapi.ts';

/*
 * PostgreSQL restarted while learners' devices sync (DESIGN §11: 0 lost, 0 duplicated). The instance is the test's own:
 * the shared cluster on 5432 serves other test files meanwhile.
 */

const bin = postgresBinDir();
const LEARNERS = 8;
const BATCH = 20;

interface Learner {
  username: string;
  session: HttpSession;
  sent: Statement[];
  batches: Statement[][];
}

/** Every lesson of the course opened, read in eight steps and completed: 10 statements a lesson, sent 20 at a time. */
function studyRecord(me: { actor: Statement['actor'] & { account: { homePage: string } }; registrations: Record<string, string> }, model: ProgressModel) {
  let clock = Date.parse('2026-11-30T06:00:00Z');
  const factory = createStatementFactory({
    origin: me.actor.account.homePage,
    actor: me.actor,
    registration: me.registrations[model.id]!,
    contentVersion: 'restart-test',
    course: { id: model.id, title: model.title },
    now: () => new Date((clock += 1000)),
  });
  return model.lessons.flatMap((lesson) => [
    factory.lessonExperienced(lesson),
    ...Array.from({ length: 8 }, (_, step) => factory.lessonProgressed(lesson, { share: (step + 1) / 8, activeMs: 20_000 })),
    factory.lessonCompleted(lesson, 10_000),
  ]);
}

describe.skipIf(!bin)('PostgreSQL restarted while learners sync', () => {
  let postgres: PrivatePostgres;
  let server: SiteServer;
  let model: ProgressModel;

  beforeAll(async () => {
    const shipped = await loadShippedContent();
    model = buildProgressModel(shipped.course, shipped.lessons);
    postgres = await startPrivatePostgres(bin!);
    server = await startSiteServer({ env: { DATABASE_URL: postgres.url } });
  });
  afterAll(async () => {
    await server?.stop();
    await postgres?.dispose();
  });

  test('every batch retried until stored is stored once, the server answers 503 in Chinese meanwhile, and recovers by itself', async () => {
    const admin = new HttpSession(server);
    await admin.signIn(server.admin.username, server.admin.password);
    const roster = Array.from({ length: LEARNERS }, (_, i) => `R${100 + i},学员${i},客服部,,学员`).join('\n');
    const job = await importRoster(admin, new TextEncoder().encode(`工号,姓名,部门,邮箱,角色\n${roster}\n`));
    expect(job.status).toBe('done');
    const { invites } = (await (await admin.request(`/api/hr/roster/imports/${job.id}/invites`, { method: 'POST' })).json()) as {
      invites: { username: string; inviteUrl: string }[];
    };
    const learners: Learner[] = [];
    for (const invite of invites) {
      await acceptInvite(server, invite.inviteUrl, `${invite.username}-password-123`);
      const session = new HttpSession(server);
      await session.signIn(invite.username, `${invite.username}-password-123`);
      const sent = studyRecord(await (await session.request('/api/me')).json(), model);
      const batches = Array.from({ length: Math.ceil(sent.length / BATCH) }, (_, i) => sent.slice(i * BATCH, (i + 1) * BATCH));
      learners.push({ username: invite.username, session, sent, batches });
    }
    const total = learners.reduce((sum, learner) => sum + learner.batches.length, 0);
    expect(learners).toHaveLength(LEARNERS);

    // Each device sends its batches one after another, and sends a batch again until the server answers 200.
    let stored = 0;
    const refusals: { status: number; body: string }[] = [];
    const unanswered: string[] = [];
    let restartAt!: () => void;
    const loadUnderway = new Promise<void>((resolve) => (restartAt = resolve));
    const deadline = Date.now() + 45_000;
    const sync = async ({ session, batches }: Learner) => {
      for (const batch of batches) {
        for (;;) {
          if (Date.now() > deadline) throw new Error(`a batch was still refused at the deadline; last answers: ${JSON.stringify(refusals.slice(-3))} ${unanswered.slice(-3)}`);
          const response = await session
            .request('/xapi/statements', { method: 'POST', json: batch, headers: XAPI_HEADERS })
            .catch((error: Error) => (unanswered.push(String(error.cause ?? error)), undefined));
          if (response?.status === 200) {
            await response.arrayBuffer();
            if (++stored === Math.floor(total / 3)) restartAt();
            break;
          }
          if (response) refusals.push({ status: response.status, body: await response.text() });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    const load = Promise.all(learners.map(sync));

    // A third of the way through, the database restarts under the load: stopped (its connections cut), then started.
    await loadUnderway;
    await postgres.stop();
    const whileDown = await learners[0]!.session.request('/api/me/report');
    expect(whileDown.status).toBe(503);
    expect(whileDown.headers.get('retry-after')).toBeTruthy();
    expect(await whileDown.json()).toEqual({ error: 'database_unavailable', message: expect.stringMatching(/数据库/) });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await postgres.start();
    await load;

    // The devices were refused meanwhile, always with a 503 the sync engine retries, and never left without an answer.
    expect(refusals.length).toBeGreaterThan(0);
    expect(unanswered).toEqual([]);
    expect(refusals.filter((refusal) => refusal.status !== 503)).toEqual([]);
    expect(new Set(refusals.map((refusal) => JSON.parse(refusal.body).error))).toEqual(new Set(['database_unavailable']));

    // Each learner's statements are on the server exactly once, and the report is the fold over exactly those.
    const shares = new Map<string, number>();
    for (const { username, session, sent } of learners) {
      const onServer = await serverStatements(session);
      expect(onServer.length).toBe(sent.length);
      expect(onServer.map((statement) => statement.id).sort()).toEqual(sent.map((statement) => statement.id).sort());
      const { asOf, statementsOnServer, report } = await serverReport(session);
      expect(statementsOnServer).toBe(sent.length);
      expect(report.statementCount).toBe(sent.length);
      const folded = expectedReport(model, onServer, asOf);
      expect(report.lessons).toEqual(folded.lessons);
      expect(report.activeMs).toBe(folded.activeMs);
      expect(report.lessons.every((lesson) => lesson.status === 'completed')).toBe(true);
      shares.set(username, report.share);
    }
    // HR's dashboard reads the same progress rows: each learner's share of the course is the one their report gives.
    const hr = (await (await admin.request(`/api/hr/learners?size=${LEARNERS * 2}`)).json()) as { rows: { username: string; share: number }[] };
    expect(new Map(hr.rows.filter((row) => shares.has(row.username)).map((row) => [row.username, row.share]))).toEqual(shares);
  }, 120_000);
});
