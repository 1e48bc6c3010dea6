import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import { buildIfStale } from '../../scripts/lib/build.ts';
import { chromiumPath } from '../support/browser.ts';
import { startSiteServer, testAdmin } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';

export const name = 'Lighthouse 12 (mobile) on Debian Chromium';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
/** Page types measured, under the key their figures take; `signedIn` pages are opened with the admin's session (it holds the HR role). */
const pages = [
  ['course_home', '/courses/icrm/', false],
  ['quiz_lesson', '/courses/icrm/why-it-matters/', false],
  ['role_play', '/courses/icrm/scenarios/unclear-ownership/', false],
  ['report', '/report/', false],
  ['hr_console', '/hr/', true],
] as const;

/** Starts headless Chromium with a DevTools port for Lighthouse to drive; resolves once the port is known. */
function startChromium(profile: string): Promise<{ port: number; process: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const chromium = spawn(chromiumPath, [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ]);
    let output = '';
    chromium.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) resolve({ port: Number(match[1]), process: chromium });
    });
    chromium.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before listening: ${output.slice(-500)}`)));
  });
}

/** Ends a Chromium started by `startChromium` and waits for it to be gone, so the next can use its profile. */
async function stopChromium(chromium: ChildProcess): Promise<void> {
  if (chromium.exitCode !== null || chromium.signalCode !== null) return;
  const exited = new Promise((resolve) => chromium.once('exit', resolve));
  chromium.kill();
  await exited;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Each page type's performance and accessibility scores and layout shift, the median of several runs. */
export async function run(): Promise<Record<string, number>> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  if (!(await buildIfStale(root))) throw new Error('astro build failed');
  const server = await startSiteServer();
  const profile = mkdtempSync(join(tmpdir(), 'icrm-lighthouse-'));
  let chromium: { port: number; process: ChildProcess } | undefined;
  const figures: Record<string, number> = {};
  try {
    const admin = new HttpSession(server);
    await admin.signIn(testAdmin.username, testAdmin.password);
    const session = { Cookie: `icrm_session=${admin.cookie('icrm_session')}` };
    for (const [key, path, signedIn] of pages) {
      const performance: number[] = [];
      const accessibility: number[] = [];
      const shift: number[] = [];
      const metrics: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        // A fresh browser per run, as the Lighthouse CLI does: in a reused one, Lighthouse's coverage start walks the
        // heap the previous page left in the shared renderer (~0.2 s of CPU charged to this page). The profile stays,
        // so the report page still finds the device record the earlier pages left.
        if (chromium) await stopChromium(chromium.process);
        chromium = await startChromium(profile);
        const result = await lighthouse(`${server.baseUrl}${path}`, {
          port: chromium.port,
          onlyCategories: ['performance', 'accessibility'],
          logLevel: 'error',
          ...(signedIn ? { extraHeaders: session } : {}),
        });
        const lhr = result!.lhr;
        // A lost session would land on the sign-in page and measure that instead.
        if (new URL(lhr.finalDisplayedUrl).pathname !== path) throw new Error(`${path} ended at ${lhr.finalDisplayedUrl}`);
        performance.push(Math.round((lhr.categories.performance!.score ?? 0) * 100));
        accessibility.push(Math.round((lhr.categories.accessibility!.score ?? 0) * 100));
        shift.push(Number(lhr.audits['cumulative-layout-shift']!.numericValue ?? 0));
        // What the score is made of, so a miss says where to look.
        const metric = (id: string) => Math.round(Number(lhr.audits[id]!.numericValue ?? 0));
        metrics.push(`FCP ${metric('first-contentful-paint')} LCP ${metric('largest-contentful-paint')} TBT ${metric('total-blocking-time')} SI ${metric('speed-index')} ms`);
      }
      figures[`lighthouse_${key}_performance`] = median(performance);
      figures[`lighthouse_${key}_accessibility`] = median(accessibility);
      figures[`lighthouse_${key}_cls`] = Number(median(shift).toFixed(3));
      console.log(
        `  ${path}: performance ${performance.join('/')}, accessibility ${accessibility.join('/')}, CLS ${shift.map((value) => value.toFixed(3)).join('/')}` +
          ' (bars: ≥ 95, 100, ≤ 0.02)',
      );
      console.log(`    ${metrics.join('; ')}`);
    }
  } finally {
    if (chromium) await stopChromium(chromium.process);
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
  return figures;
}
