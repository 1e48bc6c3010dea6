import { loadSearchIndex, querySearchIndex, type LoadedSearchIndex, type SearchResults } from '../../core/search/search-index';
import { suggestTerms } from '../../core/search/suggestions';

/** The static file the build writes (src/pages/search-index.json.ts); the service worker precaches this URL. */
const searchIndexUrl = '/search-index.json';

/** The course's search, once its index has been fetched. */
export interface SearchEngine {
  search(query: string, limit: number): SearchResults;
  /** Glossary terms to offer when a query finds nothing. */
  suggest(query: string, count: number): string[];
}

let loading: Promise<SearchEngine> | undefined;

/** Fetches and loads the search index on first use; later calls share it. A failed load is retried next time. */
export function loadSearchEngine(): Promise<SearchEngine> {
  loading ??= fetchIndex().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function fetchIndex(): Promise<SearchEngine> {
  const response = await fetch(searchIndexUrl);
  if (!response.ok) throw new Error(`${searchIndexUrl} answered ${response.status}`);
  const index: LoadedSearchIndex = loadSearchIndex(await response.json());
  return {
    search: (query, limit) => querySearchIndex(index, query, limit),
    suggest: (query, count) => suggestTerms(index, query, count),
  };
}
