import type { SearchToken, Tokenizer } from './tokenizer.ts';

/** A run of text, marked when it is a word the query matched. */
export interface TextPart {
  text: string;
  match: boolean;
}

const sentenceEnd = /[。！？；!?;\n]/;
/** How far back from the first match a snippet looks for the start of its sentence. */
const sentenceLookBack = 24;
/** How much text precedes the first match when no sentence start is near. */
const leadingContext = 8;

/** Cuts a text into parts, marking every word whose term is one of the matched terms. */
export function highlight(text: string, terms: ReadonlySet<string>, tokenize: Tokenizer): TextPart[] {
  return partsBetween(text, 0, text.length, terms, tokenize);
}

/**
 * Picks the passage of a text (about `length` characters) that holds the most distinct matched terms,
 * starting at its sentence when one begins shortly before, and marks the matches in it.
 * A text with no match yields its beginning.
 */
export function snippet(text: string, terms: ReadonlySet<string>, tokenize: Tokenizer, length = 90): TextPart[] {
  const flat = text.replace(/\s/g, ' ');
  if (flat.length <= length) return trimParts(partsBetween(flat, 0, flat.length, terms, tokenize));
  const matches = occurrences(flat, terms);

  let best = { start: 0, distinct: 0, total: 0 };
  for (const [i, first] of matches.entries()) {
    const inWindow = matches.slice(i).filter((match) => match.end <= first.start + length);
    const distinct = new Set(inWindow.map((match) => match.term)).size;
    if (distinct > best.distinct || (distinct === best.distinct && inWindow.length > best.total)) {
      best = { start: first.start, distinct, total: inWindow.length };
    }
  }

  let start = 0;
  if (best.distinct > 0) {
    const before = flat.slice(Math.max(0, best.start - sentenceLookBack), best.start);
    const boundary = [...before].reduceRight((found, char, i) => (found < 0 && sentenceEnd.test(char) ? i : found), -1);
    start = boundary >= 0 ? best.start - before.length + boundary + 1 : Math.max(0, best.start - leadingContext);
  }
  const end = Math.min(flat.length, start + length);
  const parts = trimParts(partsBetween(flat, start, end, terms, tokenize));
  if (start > 0) parts.unshift({ text: '…', match: false });
  if (end < flat.length) {
    // “积累，…” reads as a stutter: an ellipsis replaces the pause mark it follows.
    const last = parts.at(-1);
    if (last && !last.match) last.text = last.text.replace(/[，、；：,;:]+$/, '');
    parts.push({ text: '…', match: false });
  }
  return mergeParts(parts);
}

/**
 * Finds where the terms occur by plain string search. Segmenting a whole section costs about a
 * millisecond, too much for ten results on every keystroke; only the chosen passage is segmented.
 */
function occurrences(text: string, terms: ReadonlySet<string>): SearchToken[] {
  const lower = text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  const found: SearchToken[] = [];
  for (const term of terms) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) {
      found.push({ term, start: at, end: at + term.length });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function partsBetween(
  text: string,
  from: number,
  to: number,
  terms: ReadonlySet<string>,
  tokenize: Tokenizer,
): TextPart[] {
  const slice = text.slice(from, to);
  // Segmenting costs far more than a substring test, and most titles and headings hold no match at all.
  const folded = slice.normalize('NFKC').toLowerCase();
  if (![...terms].some((term) => folded.includes(term))) return slice ? [{ text: slice, match: false }] : [];
  const parts: TextPart[] = [];
  let at = from;
  for (const token of tokenize(slice)) {
    // A matched phrase already covers the words inside it.
    if (!terms.has(token.term) || from + token.start < at) continue;
    const start = from + token.start;
    const end = from + token.end;
    if (start > at) parts.push({ text: text.slice(at, start), match: false });
    parts.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < to) parts.push({ text: text.slice(at, to), match: false });
  return mergeParts(parts);
}

/** Drops the spaces a snippet would otherwise start or end with. */
function trimParts(parts: TextPart[]): TextPart[] {
  const first = parts[0];
  if (first && !first.match) first.text = first.text.trimStart();
  const last = parts.at(-1);
  if (last && !last.match) last.text = last.text.trimEnd();
  return parts.filter((part) => part.text);
}

/** Joins neighbouring unmatched parts, so a renderer makes one text node of each. */
function mergeParts(parts: TextPart[]): TextPart[] {
  return parts.reduce<TextPart[]>((merged, part) => {
    const last = merged.at(-1);
    if (last && !last.match && !part.match) last.text += part.text;
    else merged.push({ ...part });
    return merged;
  }, []);
}
