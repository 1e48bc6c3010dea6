import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildIfStale } from '../../scripts/lib/build.ts';
import { repoRoot } from '../support/course-fixture.ts';
import { htmlScripts, pageScripts } from '../support/page-weight.ts';

export const name = 'JavaScript sent by lesson pages';

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
  return { lesson_js_gzip_kb: Number(opening.toFixed(1)), heaviest_lesson_js_gzip_kb: Number(heaviest.kb.toFixed(1)) };
}
