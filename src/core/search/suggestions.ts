import type { LoadedSearchIndex } from './search-index.ts';

/**
 * Picks glossary terms to offer when a query finds nothing: first those sharing the most characters
 * with the query, then the glossary's own order, which starts with the course's core ideas.
 */
export function suggestTerms(loaded: LoadedSearchIndex, query: string, count: number): string[] {
  const typed = new Set(query.toLowerCase());
  const terms = loaded.documents.filter((document) => document.kind === 'term').map((document) => document.title);
  const shared = (term: string) => [...new Set(term.toLowerCase())].filter((char) => typed.has(char) && char.trim()).length;
  return terms
    .map((term, order) => ({ term, order, shared: shared(term) }))
    .sort((a, b) => b.shared - a.shared || a.order - b.order)
    .slice(0, count)
    .map(({ term }) => term);
}
