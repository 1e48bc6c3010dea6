import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildIfStale } from '../../scripts/lib/build.ts';
import { repoRoot } from '../support/course-fixture.ts';
import { startSiteServer, testAdmin } from '../support/e2e-server.ts';
import { createSession } from '../support/classroom.ts';
import { HttpSession } from '../support/http-client.ts';
import { htmlScripts, pageScripts } from '../support/page-weight.ts';

export const name = 'JavaScript sent by each page type';

const kb = (bytes: number) => Number((bytes / 1024).toFixed(1));

/** Prerendered page types, by the key of their figure. */
const staticPages = [
  ['course_home_js_gzip_kb', 'courses/icrm/index.html'],
  ['report_js_gzip_kb', 'report/index.html'],
  ['assessment_js_gzip_kb', 'courses/icrm/assessment/index.html'],
  ['verify_js_gzip_kb', 'verify/index.html'],
] as const;

/** Pages rendered on request for staff, fetched signed in as the admin; `code` is a session created for the run. */
const serverPages = [
  ['hr_console_js_gzip_kb', () => '/hr/'],
  ['presenter_js_gzip_kb', (code: string) => `/facilitator/sessions/${code}/present/`],
] as const;

const clientDir = join(repoRoot, 'dist', 'client');

/**
 * Measures the gzip JS of lesson pages (bars: a plain lesson ≤ 50 KB, the heaviest ≤ 150 KB). "Plain" is what a
 * lesson sends when it opens, before any island scrolls into view; the heaviest counts every island too.
 */
export async function run(): Promise<Record<string, number>> {
  if (!(await buildIfStale(repoRoot))) throw new Error('astro build failed');
  const lessons = (await readdir(join(clientDir, 'courses', 'icrm'), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && entry.name !== 'scenarios')
    .map((entry) => entry.name);
  const pages = await Promise.all(
    lessons.map(async (lesson) => {
      const path = `courses/icrm/${lesson}/index.html`;
      const html = await readFile(join(clientDir, path), 'utf8');
      // The same page with its islands left out: what loads before the reader scrolls to a quiz or role-play.
      const withoutIslands = html.replace(/<astro-island[\s\S]*?<\/astro-island>/g, '');
      return {
        lesson,
        kb: (await pageScripts(clientDir, path)).gzipBytes / 1024,
        openingKb: (await htmlScripts(clientDir, withoutIslands)).gzipBytes / 1024,
      };
    }),
  );
  pages.sort((a, b) => b.kb - a.kb);
  const heaviest = pages[0]!;
  const opening = Math.max(...pages.map((page) => page.openingKb));
  console.log(`  a lesson page as it opens (before any island): ${opening.toFixed(1)} KB gzip (bar ≤ 50 KB)`);
  console.log(`  heaviest lesson page with every island (${heaviest.lesson}): ${heaviest.kb.toFixed(1)} KB gzip (bar ≤ 150 KB)`);
  const figures: Record<string, number> = { lesson_js_gzip_kb: Number(opening.toFixed(1)), heaviest_lesson_js_gzip_kb: Number(heaviest.kb.toFixed(1)) };
  for (const [key, path] of staticPages) figures[key] = kb((await pageScripts(clientDir, path)).gzipBytes);
  const server = await startSiteServer();
  try {
    const admin = new HttpSession(server);
    await admin.signIn(testAdmin.username, testAdmin.password);
    const code = await createSession(admin, { lessons: ['why-it-matters', 'shared-goals'] });
    for (const [key, pathOf] of serverPages) {
      const path = pathOf(code);
      const response = await admin.request(path);
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      figures[key] = kb((await htmlScripts(clientDir, await response.text())).gzipBytes);
    }
  } finally {
    await server.stop();
  }
  for (const [key] of [...staticPages, ...serverPages]) console.log(`  ${key.replace(/_js_gzip_kb$/, '').replace(/_/g, ' ')}: ${figures[key]} KB gzip`);
  return figures;
}
