import type { SearchDocument } from '../../core/search/documents';
import type { SearchResult } from '../../core/search/search-index';
import type { TextPart } from '../../core/search/snippet';
import type { UiKey, UiValues } from '../../i18n/ui';
import { setUiText, uiLanguage } from '../ui-text';

/** Creates an interface string the way the T component renders one, so the language switch rewrites it too. */
export function uiText(key: UiKey, values?: UiValues): HTMLSpanElement {
  const span = document.createElement('span');
  setUiText(span, key, values);
  if (uiLanguage() === 'en') span.lang = 'en';
  return span;
}

/** Appends text parts to an element, wrapping each matched word in <mark>. */
export function appendParts(element: HTMLElement, parts: readonly TextPart[]): void {
  for (const part of parts) {
    if (part.match) {
      const mark = document.createElement('mark');
      mark.textContent = part.text;
      element.append(mark);
    } else element.append(part.text);
  }
}

const partLabels: Partial<Record<SearchDocument['kind'], UiKey>> = {
  opening: 'search.part.opening',
  'key-points': 'lesson.keyPoints',
  discussion: 'lesson.discussion',
  term: 'search.part.term',
  quiz: 'search.part.quiz',
};

/** Fills an element with where a result is: its title, then its section heading or the name of its part. */
export function appendResultPlace(element: HTMLElement, result: SearchResult, className: string): void {
  const title = document.createElement('span');
  title.className = `${className}__title`;
  appendParts(title, result.title);
  const place = document.createElement('span');
  place.className = `${className}__section`;
  const label = partLabels[result.document.kind];
  if (label) place.append(uiText(label));
  if (label && result.heading.length > 0) place.append(' · ');
  if (result.document.kind === 'term') {
    // A term's heading is its English name.
    const english = document.createElement('span');
    english.lang = 'en';
    appendParts(english, result.heading);
    place.append(english);
  } else appendParts(place, result.heading);
  element.append(title, place);
}

/** Creates the snippet paragraph of a result, its matched words marked. */
export function snippetElement(result: SearchResult, className: string): HTMLElement {
  const snippet = document.createElement('span');
  snippet.className = `${className}__snippet`;
  appendParts(snippet, result.snippet);
  return snippet;
}
