import { fileURLToPath } from 'node:url';
import { buildIfStale } from '../../scripts/lib/build.ts';
import { startSiteServer } from '../support/e2e-server.ts';
import { HttpSession } from '../support/http-client.ts';

export const name = 'HR console at 100,000 people over HTTP (SQLite): roster import, other requests meanwhile, dashboard, exports';

const PEOPLE = 100_000;

interface Job {
  id: string;
  status: string;
}

/**
 * Imports a 100,000-row roster while another client asks `/api/me` every 50 ms (the slowest answer is what a person
 * using the site during an import waits at worst), then times HR's first screen and both exports of everyone.
 */
export async function run(): Promise<Record<string, number>> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  if (!(await buildIfStale(root))) throw new Error('astro build failed');
  const server = await startSiteServer();
  try {
    const hr = new HttpSession(server);
    await hr.signIn(server.admin.username, server.admin.password);
    const bystander = new HttpSession(server);
    await bystander.signIn(server.admin.username, server.admin.password);
    const lines = ['工号,姓名,部门,邮箱,角色'];
    for (let i = 0; i < PEOPLE; i++) lines.push(`S${100000 + i},学员${i},第${i % 40}部,s${i}@example.com,学员`);
    const body = new TextEncoder().encode(lines.join('\n'));

    let watching = true;
    const latencies: number[] = [];
    const watcher = (async () => {
      while (watching) {
        const started = performance.now();
        await (await bystander.request('/api/me')).arrayBuffer();
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const follow = async (job: Job, phase: string) => {
      let current = job;
      while (current.status === phase) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        current = (await (await hr.request(`/api/hr/roster/imports/${current.id}`)).json()) as Job;
      }
      return current;
    };
    let started = performance.now();
    const checked = await follow((await (await hr.request('/api/hr/roster/imports?name=bench.csv', { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body })).json()) as Job, 'checking');
    const checkMs = performance.now() - started;
    const checkLatencies = latencies.splice(0);
    started = performance.now();
    const done = await follow((await (await hr.request(`/api/hr/roster/imports/${checked.id}/apply`, { method: 'POST' })).json()) as Job, 'applying');
    const applyMs = performance.now() - started;
    watching = false;
    await watcher;
    if (done.status !== 'done') throw new Error(`the import ended ${done.status}`);
    const applyLatencies = latencies.splice(0);

    started = performance.now();
    await (await hr.request('/hr/')).text();
    const dashboardMs = performance.now() - started;
    started = performance.now();
    const csv = await (await hr.request('/api/hr/exports/learners.csv')).arrayBuffer();
    const csvMs = performance.now() - started;
    started = performance.now();
    const xlsx = await (await hr.request('/api/hr/exports/learners.xlsx')).arrayBuffer();
    const xlsxMs = performance.now() - started;

    const max = (values: number[]) => Math.round(Math.max(0, ...values));
    const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0);
    console.log(`  check ${(checkMs / 1000).toFixed(1)} s, /api/me meanwhile: ${checkLatencies.length} answers, median ${median(checkLatencies)} ms, slowest ${max(checkLatencies)} ms`);
    console.log(`  apply ${(applyMs / 1000).toFixed(1)} s, /api/me meanwhile: ${applyLatencies.length} answers, slowest ${max(applyLatencies)} ms`);
    console.log(`  dashboard page ${dashboardMs.toFixed(0)} ms; CSV export ${csvMs.toFixed(0)} ms (${(csv.byteLength / 1e6).toFixed(1)} MB); XLSX export ${xlsxMs.toFixed(0)} ms (${(xlsx.byteLength / 1e6).toFixed(1)} MB)`);
    return {
      roster_import_100k_check_ms: Math.round(checkMs),
      roster_import_100k_apply_ms: Math.round(applyMs),
      roster_import_other_request_max_ms: Math.max(max(checkLatencies), max(applyLatencies)),
      hr_dashboard_100k_ms: Math.round(dashboardMs),
      hr_export_100k_csv_ms: Math.round(csvMs),
      hr_export_100k_xlsx_ms: Math.round(xlsxMs),
    };
  } finally {
    await server.stop();
  }
}
