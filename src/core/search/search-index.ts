import lunr from 'lunr';
import type { SearchDocument } from './documents.ts';
import { highlight, snippet, type TextPart } from './snippet.ts';
import { createTokenizer, distinctTerms, isLatinTerm, isSingleHanCharacter, phraseTerm, type Tokenizer } from './tokenizer.ts';

/** Bumped whenever the file's shape or the tokenizer changes, so a stale cached index is refused, not misread. */
export const searchIndexFormat = 2;

/**
 * The static index file: the documents to show, the phrases the tokenizer keeps whole, and the lunr
 * index over the documents (refs are document positions).
 */
export interface SerializedSearchIndex {
  format: typeof searchIndexFormat;
  phrases: string[];
  documents: SearchDocument[];
  index: object;
}

/** An index ready to query, with the tokenizer it was built with. */
export interface LoadedSearchIndex {
  documents: readonly SearchDocument[];
  index: lunr.Index;
  tokenize: Tokenizer;
}

/** One result, with its title, heading and snippet cut into parts where the query's words are marked. */
export interface SearchResult {
  document: SearchDocument;
  score: number;
  title: TextPart[];
  heading: TextPart[];
  snippet: TextPart[];
}

/** What a query found: how many documents in all, and the best of them ready to show. */
export interface SearchResults {
  total: number;
  results: SearchResult[];
}

/** Fields of a document and how much a match in each counts: a word of the title says most about a section. */
const fields = [
  { name: 'title', boost: 3 },
  { name: 'heading', boost: 2 },
  { name: 'text', boost: 1 },
] as const;

/**
 * Hits scoring below this share of the best one are dropped: with any-word matching, a document that
 * shares only a common word such as 部门 with the query would otherwise pad every result list.
 */
const minRelativeScore = 0.15;

/** A pasted paragraph is searched by its first words only, which keeps every query within a few milliseconds. */
const maxQueryTerms = 12;

/**
 * Abbreviations learners type that the course spells out in Chinese instead: a query term listed here
 * also searches for its Chinese words, at a lower weight than the words the learner typed.
 */
const abbreviations: Readonly<Record<string, string>> = {
  kpi: '绩效指标',
  hr: '人力资源',
};

/**
 * Builds the lunr index over the documents and returns it with them, ready to be written as JSON.
 * The glossary's terms and their aliases become the tokenizer's phrases, so a key term is also matched as a whole.
 */
export function buildSearchIndex(documents: readonly SearchDocument[]): SerializedSearchIndex {
  const phrases = documents
    .filter((document) => document.kind === 'term')
    .flatMap((document) => [document.title, ...(document.aliases ?? [])]);
  const tokenize = createTokenizer(phrases);
  const builder = new lunr.Builder();
  builder.ref('ref');
  for (const field of fields) builder.field(field.name, { boost: field.boost });
  // lunr's own tokenizer splits on spaces only, and its default pipeline stems English: ours does both jobs.
  // A term's title comes as [term, ...aliases]; each alias adds one token for its whole phrase and not its
  // words, so that a term with many aliases is not weighed as a long title and ranked below its own uses.
  builder.tokenizer = ((value?: unknown) => {
    const [text = '', ...aliases] = Array.isArray(value) ? value.map(String) : [value == null ? '' : String(value)];
    const terms = [...tokenize(text).map((token) => token.term), ...aliases.map(phraseTerm)];
    return terms.map((term) => new lunr.Token(term, {}));
  }) as typeof lunr.tokenizer;
  documents.forEach((document, i) => {
    // A term's aliases name it as its title does. In a field of their own, lunr would weigh them against an
    // average length taken over every document, most of which have none, and bury the term. An alias inside
    // the title (凝聚力 in 团队凝聚力) is left out: counted twice, it would push every section below the cut-off.
    const aliases = (document.aliases ?? []).filter((alias) => !document.title.includes(alias));
    const title = aliases.length > 0 ? [document.title, ...aliases] : document.title;
    builder.add({ ref: String(i), title, heading: document.heading, text: document.text });
  });
  return { format: searchIndexFormat, phrases, documents: [...documents], index: builder.build().toJSON() };
}

/** Turns the parsed index file into a queryable index; throws when the file is of another format. */
export function loadSearchIndex(serialized: SerializedSearchIndex): LoadedSearchIndex {
  if (serialized.format !== searchIndexFormat) {
    throw new Error(`search index format ${String(serialized.format)} is not ${searchIndexFormat}`);
  }
  return {
    documents: serialized.documents,
    index: lunr.Index.load(serialized.index),
    tokenize: createTokenizer(serialized.phrases),
  };
}

/**
 * Runs a query typed by a learner: its words are found by the same tokenizer the index was built with.
 * A query of single Chinese characters (typed one at a time, or one the segmenter leaves alone) matches
 * every word containing them, and a trailing Latin word also matches as a prefix while it is being typed.
 */
export function querySearchIndex(loaded: LoadedSearchIndex, query: string, limit = 10): SearchResults {
  const terms = distinctTerms(query, loaded.tokenize).slice(0, maxQueryTerms);
  if (terms.length === 0) return { total: 0, results: [] };
  const onlySingleCharacters = terms.every(isSingleHanCharacter);
  const last = terms.at(-1)!;
  const hits = loaded.index.query((q) => {
    for (const term of terms) {
      if (onlySingleCharacters) {
        q.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.LEADING | lunr.Query.wildcard.TRAILING });
      } else {
        q.term(term, { usePipeline: false });
      }
      // The Chinese words go through the tokenizer too, so they match however the index split them.
      for (const word of distinctTerms(abbreviations[term] ?? '', loaded.tokenize)) {
        q.term(word, { usePipeline: false, boost: 0.8 });
      }
    }
    if (isLatinTerm(last) && /[a-z0-9]$/i.test(query)) {
      q.term(last, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 0.5 });
    }
  });

  const cutoff = (hits[0]?.score ?? 0) * minRelativeScore;
  const kept = hits.filter((hit) => hit.score >= cutoff);
  const results = kept.slice(0, limit).map((hit) => {
    const document = loaded.documents[Number(hit.ref)]!;
    const matched = new Set(Object.keys(hit.matchData.metadata));
    return {
      document,
      score: hit.score,
      title: highlight(document.title, matched, loaded.tokenize),
      heading: highlight(document.heading, matched, loaded.tokenize),
      snippet: snippet(document.text, matched, loaded.tokenize),
    };
  });
  return { total: kept.length, results };
}
