import { collectSearchDocuments } from '../core/search/documents';
import { buildSearchIndex } from '../core/search/search-index';
import { loadSearchSources } from '../server/course-content';

// Written once at build time as dist/client/search-index.json; browsers fetch it on their first search.
export const prerender = true;

/** Serves the search index built from the course content. */
export async function GET(): Promise<Response> {
  return Response.json(buildSearchIndex(collectSearchDocuments(await loadSearchSources())));
}
