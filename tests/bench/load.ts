import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from '../../scripts/lib/build.ts';
import { startSiteServer, testAdmin } from '../support/e2e-server.ts';
import { basicAuth, HttpSession } from '../support/http-client.ts';
import { runUserCommand } from '../support/user-command.ts';

export const name = '500 learners syncing at once, with HR reading the dashboard meanwhile (SQLite)';

const LEARNERS = 500;
const BATCHES_PER_LEARNER = 3;
const BATCH = 20;

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

/** What one device's outbox sends: lesson progress with the course as context, in batches. */
function batchOf(origin: string, learner: string, registration: string, batch: number): string {
  return JSON.stringify(
    Array.from({ length: BATCH }, (_, i) => ({
      id: randomUUID(),
      actor: { objectType: 'Agent', account: { homePage: origin, name: learner } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/progressed', display: { 'zh-CN': '学习了' } },
      object: { objectType: 'Activity', id: `${origin}/xapi/activities/lesson/why-it-matters` },
      result: { extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': Math.min(100, (batch * BATCH + i) * 2) }, duration: 'PT20S' },
      context: { registration, contextActivities: { parent: [{ id: `${origin}/xapi/activities/course/icrm` }] } },
      timestamp: new Date(Date.UTC(2026, 10, 30, 8, batch, i)).toISOString(),
    })),
  );
}

/**
 * Every learner's device sends its outbox (three batches of 20, one after another) at the same moment as the others,
 * through one API client; HR reads the dashboard throughout. Reports statements per second, the p95 of a batch's
 * answer, errors, and the dashboard's p95 under that load.
 */
export async function run(): Promise<Record<string, number>> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  if (!(await buildIfStale(root))) throw new Error('astro build failed');
  const server = await startSiteServer();
  try {
    const created = await runUserCommand(server.dataDir, ['client', 'load']);
    const auth = basicAuth(/key: (\S+)/.exec(created.stdout)![1]!, /secret: (\S+)/.exec(created.stdout)![1]!);
    const hr = new HttpSession(server);
    await hr.signIn(testAdmin.username, testAdmin.password);
    const latencies: number[] = [];
    let errors = 0;
    let loading = true;
    const dashboard: number[] = [];
    const reading = (async () => {
      while (loading) {
        const started = performance.now();
        const responses = await Promise.all([hr.request('/api/hr/summary'), hr.request('/api/hr/learners?size=25&sort=progress')]);
        for (const response of responses) {
          if (!response.ok) errors += 1;
          await response.arrayBuffer();
        }
        dashboard.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: LEARNERS }, async (_, learner) => {
        const registration = randomUUID();
        for (let batch = 0; batch < BATCHES_PER_LEARNER; batch++) {
          const body = batchOf(server.baseUrl, `load-learner-${learner}`, registration, batch);
          const sent = performance.now();
          const response = await fetch(`${server.baseUrl}/xapi/statements`, {
            method: 'POST',
            headers: { Authorization: auth, 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3' },
            body,
          }).catch(() => undefined);
          latencies.push(performance.now() - sent);
          if (response?.status !== 200) errors += 1;
          await response?.arrayBuffer();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    loading = false;
    await reading;
    const statements = LEARNERS * BATCHES_PER_LEARNER * BATCH;
    const figures = {
      load_500_statements_per_s: Math.round(statements / seconds),
      load_500_batch_p95_ms: Math.round(percentile(latencies, 0.95)),
      load_500_errors: errors,
      load_500_hr_dashboard_p95_ms: Math.round(percentile(dashboard, 0.95)),
    };
    console.log(
      `  ${statements} statements from ${LEARNERS} learners in ${seconds.toFixed(1)} s: ${figures.load_500_statements_per_s}/s, ` +
        `a batch answered in p95 ${figures.load_500_batch_p95_ms} ms, ${errors} errors; the HR dashboard meanwhile p95 ${figures.load_500_hr_dashboard_p95_ms} ms (${dashboard.length} reads)`,
    );
    return figures;
  } finally {
    await server.stop();
  }
}
