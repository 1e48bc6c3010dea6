/**
 * Search benchmark: the learner queries of the ranking test, through our lunr index and through
 * Pagefind built over the same pages (dist/client), both timed in the same Chromium in the same run.
 * Pagefind only searches in a browser (its Node API builds indexes but cannot query them), so both
 * engines run there, each loaded over HTTP from a loopback server as a learner's browser would.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import * as pagefind from 'pagefind';
import { buildIfStale } from '../../scripts/lib/build.ts';
import { loadSearchIndex, querySearchIndex } from '../../src/core/search/search-index.ts';
import { launchBrowser } from '../support/browser.ts';
import { learnerQueries } from '../support/search-queries.ts';
import type { EngineMeasurement } from './support/search-in-browser.ts';

export const name = 'search: lunr with the Intl.Segmenter tokenizer, against Pagefind';

const root = fileURLToPath(new URL('../..', import.meta.url));
const site = join(root, 'dist', 'client');
const rounds = 20;

/** Runs the benchmark and returns search_p95_ms with the figures it is compared with. */
export async function run(): Promise<Record<string, number>> {
  if (!(await buildIfStale(root))) throw new Error('astro build failed; see its output above');
  const work = await mkdtemp(join(tmpdir(), 'search-bench-'));
  try {
    const pagefindBytes = await buildPagefind(join(work, 'pagefind'));
    const lunrIndex = await readFile(join(site, 'search-index.json'));
    const lunrCode = await searchChunkBytes();
    const nodeP95 = nodeLatencyP95(lunrIndex);

    const server = await serve({
      '/': Buffer.from('<!doctype html><html lang="zh-CN"><title>search bench</title></html>'),
      '/search-index.json': lunrIndex,
      '/bench.js': await bundleBrowserSide(),
      ...(await directoryRoutes(join(work, 'pagefind'), '/pagefind/')),
    });
    const { lunr, pagefind: found, pagefindTransferred } = await measureInChromium(server);
    server.close();

    const total = learnerQueries.length;
    const lunrP95 = percentile(lunr.times, 0.95);
    const pagefindP95 = percentile(found.times, 0.95);
    const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
    const row = (label: string, ours: string, theirs: string) => console.log(`  ${label.padEnd(34)}${ours.padEnd(22)}${theirs}`);
    console.log(`  ${total} learner queries × ${rounds} rounds, ten results each, in headless Chromium`);
    row('', 'lunr (ours)', 'Pagefind 1.6');
    row('expected lesson in top three', `${lunr.foundInTopThree}/${total}`, `${found.foundInTopThree}/${total}`);
    row('query p50 / p95 ms', `${ms(percentile(lunr.times, 0.5))} / ${ms(lunrP95)}`, `${ms(percentile(found.times, 0.5))} / ${ms(pagefindP95)}`);
    row('first run of each query p95 ms', ms(percentile(lunr.firstTimes, 0.95)), ms(percentile(found.firstTimes, 0.95)));
    row('load before first query ms', ms(lunr.loadMs), ms(found.loadMs));
    row('index + search code, gzip KB', `${kb(gzipSync(lunrIndex).length)} + ${kb(lunrCode)}`, `${kb(pagefindBytes.total)} (whole bundle)`);
    row('fetched for these queries KB', kb(gzipSync(lunrIndex).length + lunrCode).toString(), kb(pagefindTransferred).toString());
    for (const [engine, measured] of [['lunr', lunr], ['Pagefind', found]] as const) {
      if (measured.missed.length > 0) console.log(`  ${engine} missed: ${measured.missed.join('、')}`);
    }
    console.log(`  lunr p95 in Node (same index, same queries): ${ms(nodeP95)} ms; p95 ratio lunr/Pagefind: ${(lunrP95 / pagefindP95).toFixed(2)}`);

    return {
      search_p95_ms: round(lunrP95),
      search_p50_ms: round(percentile(lunr.times, 0.5)),
      search_node_p95_ms: round(nodeP95),
      search_recall_top3: round(lunr.foundInTopThree / total),
      search_index_gzip_kb: kb(gzipSync(lunrIndex).length),
      search_code_gzip_kb: kb(lunrCode),
      pagefind_p95_ms: round(pagefindP95),
      pagefind_recall_top3: round(found.foundInTopThree / total),
      pagefind_bundle_gzip_kb: kb(pagefindBytes.total),
      pagefind_fetched_gzip_kb: kb(pagefindTransferred),
      search_p95_ratio_to_pagefind: round(lunrP95 / pagefindP95),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const ms = (value: number) => value.toFixed(2);
const round = (value: number) => Math.round(value * 100) / 100;

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

/** Indexes the built pages with Pagefind, reading each page's <main> without its navigation, as lunr reads lessons. */
async function buildPagefind(outputPath: string): Promise<{ total: number }> {
  const { index, errors } = await pagefind.createIndex({ rootSelector: 'main', excludeSelectors: ['nav', 'form', '[role="status"]'] });
  if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: site });
  const written = await index.writeFiles({ outputPath });
  await pagefind.close();
  const problems = [...added.errors, ...written.errors];
  if (problems.length > 0) throw new Error(`Pagefind: ${problems.join('; ')}`);
  console.log(`  Pagefind indexed ${added.page_count} pages of dist/client`);
  // Its index, fragments and WASM are already gzip-compressed; the scripts would be compressed in transit.
  const files = await readdir(outputPath, { recursive: true });
  let total = 0;
  for (const file of files) {
    const path = join(outputPath, file);
    if (!(await stat(path)).isFile() || /ui|highlight/.test(file)) continue;
    total += transferSize(await readFile(path));
  }
  return { total };
}

/** Bytes a file costs over a compressing connection: as it is when already gzip, else gzipped. */
function transferSize(body: Buffer): number {
  return body[0] === 0x1f && body[1] === 0x8b ? body.length : gzipSync(body).length;
}

/** Gzip size of the lazily loaded script chunk that holds lunr and the search core in the built site. */
async function searchChunkBytes(): Promise<number> {
  const assets = join(site, '_astro');
  const chunk = (await readdir(assets)).find((file) => /^search-engine\..+\.js$/.test(file));
  if (!chunk) throw new Error('no search-engine chunk in dist/client/_astro');
  return gzipSync(await readFile(join(assets, chunk))).length;
}

/** Times the same queries in Node, for comparison with the browser figure. */
function nodeLatencyP95(indexFile: Buffer): number {
  const index = loadSearchIndex(JSON.parse(indexFile.toString('utf8')));
  for (const [query] of learnerQueries) querySearchIndex(index, query, 10);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [query] of learnerQueries) {
      const start = performance.now();
      querySearchIndex(index, query, 10);
      times.push(performance.now() - start);
    }
  }
  return percentile(times, 0.95);
}

/** Bundles the browser side of the benchmark (our search core with lunr) into one ES module. */
async function bundleBrowserSide(): Promise<Buffer> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./support/search-in-browser.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'warning',
  });
  return Buffer.from(result.outputFiles[0]!.contents);
}

async function directoryRoutes(directory: string, prefix: string): Promise<Record<string, Buffer>> {
  const routes: Record<string, Buffer> = {};
  for (const file of await readdir(directory, { recursive: true })) {
    const path = join(directory, file);
    if ((await stat(path)).isFile()) routes[prefix + normalize(file).split('\\').join('/')] = await readFile(path);
  }
  return routes;
}

const contentTypes: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };

/** Serves fixed files on a free loopback port. */
function serve(routes: Record<string, Buffer>): Promise<Server & { url: string }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const body = routes[path];
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': contentTypes[extname(path)] ?? (path === '/' ? 'text/html' : 'application/octet-stream') });
    response.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(Object.assign(server, { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` }));
    }),
  );
}

async function measureInChromium(
  server: { url: string },
): Promise<{ lunr: EngineMeasurement; pagefind: EngineMeasurement; pagefindTransferred: number }> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const pagefindBodies: Promise<number>[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/pagefind/')) pagefindBodies.push(response.body().then(transferSize));
    });
    await page.goto(`${server.url}/`);
    const measure = (engine: 'measureLunr' | 'measurePagefind') =>
      page.evaluate(
        async ({ engine, queries, rounds }) => {
          const bench = await import(`${location.origin}/bench.js`);
          return (await bench[engine](queries, rounds)) as EngineMeasurement;
        },
        { engine, queries: learnerQueries, rounds },
      );
    const lunr = await measure('measureLunr');
    const found = await measure('measurePagefind');
    const pagefindTransferred = (await Promise.all(pagefindBodies)).reduce((sum, bytes) => sum + bytes, 0);
    return { lunr, pagefind: found, pagefindTransferred };
  } finally {
    await browser.close();
  }
}
