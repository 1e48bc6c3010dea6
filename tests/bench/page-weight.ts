import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildIfStale } from '../../scripts/lib/build.ts';
import { repoRoot } from '../support/course-fixture.ts';

export const name = 'JavaScript sent by lesson pages';

const clientDir = join(repoRoot, 'dist', 'client');

/** Collects every script a page loads: its module scripts, their static imports, and islands' component and renderer URLs. */
async function scriptsOf(html: string): Promise<Set<string>> {
  const found = new Set<string>();
  const queue = [
    ...html.matchAll(/<script[^>]+src="(\/[^"]+\.js)"/g),
    ...html.matchAll(/(?:component-url|renderer-url)="(\/[^"]+\.js)"/g),
  ].map((match) => match[1]!);
  while (queue.length) {
    const url = queue.pop()!;
    if (found.has(url)) continue;
    found.add(url);
    const code = await readFile(join(clientDir, url), 'utf8');
    for (const match of code.matchAll(/(?:from|import)\s*["'](\.\/[^"']+\.js)["']/g)) {
      queue.push(new URL(match[1]!, `http://x${url}`).pathname);
    }
  }
  return found;
}

async function gzipKb(urls: Iterable<string>): Promise<number> {
  let bytes = 0;
  for (const url of urls) bytes += gzipSync(await readFile(join(clientDir, url))).length;
  return bytes / 1024;
}

/** Measures the gzip JS of a plain lesson page and of the heaviest lesson page (bars: ≤ 50 KB and ≤ 150 KB). */
export async function run(): Promise<Record<string, number>> {
  if (!(await buildIfStale(repoRoot))) throw new Error('astro build failed');
  const lessonsDir = join(clientDir, 'courses', 'icrm');
  const pages: { lesson: string; kb: number; islands: boolean }[] = [];
  for (const entry of await readdir(lessonsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'scenarios') continue;
    const html = await readFile(join(lessonsDir, entry.name, 'index.html'), 'utf8').catch(() => undefined);
    if (!html) continue;
    pages.push({ lesson: entry.name, kb: await gzipKb(await scriptsOf(html)), islands: html.includes('<astro-island') });
  }
  pages.sort((a, b) => b.kb - a.kb);
  const plain = pages.filter((page) => !page.islands);
  const plainKb = Math.max(...(plain.length ? plain : pages).map((page) => page.kb));
  const heaviest = pages[0]!;
  console.log(`  plain lesson page (no island): ${plainKb.toFixed(1)} KB gzip (bar ≤ 50 KB)`);
  console.log(`  heaviest lesson page (${heaviest.lesson}): ${heaviest.kb.toFixed(1)} KB gzip (bar ≤ 150 KB)`);
  return { lesson_js_gzip_kb: Number(plainKb.toFixed(1)), heaviest_lesson_js_gzip_kb: Number(heaviest.kb.toFixed(1)) };
}
