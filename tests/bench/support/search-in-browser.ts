/**
 * Runs in Chromium, bundled by the search benchmark: times the same learner queries through our lunr
 * index and through Pagefind, each the way its own UI would use it (ten results with snippets or excerpts).
 */
import { loadSearchIndex, querySearchIndex } from '../../../src/core/search/search-index.ts';

type Queries = ReadonlyArray<readonly [query: string, lessonId: string]>;

/** What one engine did over the query list. */
export interface EngineMeasurement {
  /** Milliseconds of every timed query, all rounds. */
  times: number[];
  /** Milliseconds of each query the first time it was run, before anything was cached. */
  firstTimes: number[];
  /** How many queries had their expected lesson among the top three results. */
  foundInTopThree: number;
  /** The queries that did not. */
  missed: string[];
  /** Milliseconds from nothing loaded to ready to query. */
  loadMs: number;
}

const resultsShown = 10;

/** Times the queries through the lunr index served at /search-index.json. */
export async function measureLunr(queries: Queries, rounds: number): Promise<EngineMeasurement> {
  const loadStart = performance.now();
  const index = loadSearchIndex(await (await fetch('/search-index.json')).json());
  const loadMs = performance.now() - loadStart;
  return timeQueries(queries, rounds, loadMs, async (query) =>
    querySearchIndex(index, query, resultsShown).results.map((result) => result.document.lessonId ?? result.document.url),
  );
}

interface PagefindResult {
  data(): Promise<{ url: string; excerpt: string }>;
}
interface Pagefind {
  init(): Promise<void>;
  search(query: string): Promise<{ results: PagefindResult[] }>;
}

/** Times the queries through the Pagefind bundle served at /pagefind/. */
export async function measurePagefind(queries: Queries, rounds: number): Promise<EngineMeasurement> {
  const loadStart = performance.now();
  // A variable keeps the bundler from resolving Pagefind's script, which exists only on the bench server.
  const url = '/pagefind/pagefind.js';
  const pagefind = (await import(/* @vite-ignore */ url)) as Pagefind;
  await pagefind.init();
  const loadMs = performance.now() - loadStart;
  return timeQueries(queries, rounds, loadMs, async (query) => {
    const { results } = await pagefind.search(query);
    const pages = await Promise.all(results.slice(0, resultsShown).map((result) => result.data()));
    return pages.map((page) => /^\/courses\/[^/]+\/([^/]+)\/$/.exec(page.url)?.[1] ?? page.url);
  });
}

async function timeQueries(
  queries: Queries,
  rounds: number,
  loadMs: number,
  run: (query: string) => Promise<string[]>,
): Promise<EngineMeasurement> {
  const firstTimes: number[] = [];
  const missed: string[] = [];
  for (const [query, lessonId] of queries) {
    const start = performance.now();
    const found = await run(query);
    firstTimes.push(performance.now() - start);
    if (!found.slice(0, 3).includes(lessonId)) missed.push(query);
  }
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [query] of queries) {
      const start = performance.now();
      await run(query);
      times.push(performance.now() - start);
    }
  }
  return { times, firstTimes, foundInTopThree: queries.length - missed.length, missed, loadMs };
}
