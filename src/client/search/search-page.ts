import type { SearchEngine } from './search-engine';
import { appendResultPlace, snippetElement, uiText } from './render-results';
import { focusOnSearchShortcut } from './shortcut';

/** More than any learner reads; every result would cost a snippet on each keystroke. */
const shownResults = 50;
const shownSuggestions = 8;

/** Runs the query of `/search/?q=…`, updates the results as the learner types, and moves through them by keyboard. */
export function enhanceSearchPage(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const status = document.querySelector<HTMLElement>('[data-search-status]')!;
  const list = document.querySelector<HTMLOListElement>('[data-search-results]')!;
  const suggestions = document.querySelector<HTMLElement>('[data-search-suggestions]')!;
  const suggestionList = document.querySelector<HTMLUListElement>('[data-search-suggestion-list]')!;
  let engine: SearchEngine | undefined;

  const links = () => [...list.querySelectorAll<HTMLAnchorElement>('a')];

  function show(ready: SearchEngine, query: string): void {
    const { total, results } = ready.search(query, shownResults);
    list.replaceChildren(
      ...results.map((result) => {
        const item = document.createElement('li');
        item.className = 'search-result';
        const link = document.createElement('a');
        link.className = 'search-result__link';
        link.href = result.document.url;
        appendResultPlace(link, result, 'search-result');
        const snippet = snippetElement(result, 'search-result');
        item.append(link, snippet);
        return item;
      }),
    );
    list.hidden = total === 0;
    suggestionList.replaceChildren(
      ...(total > 0 ? [] : ready.suggest(query, shownSuggestions)).map((term) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = `/search/?q=${encodeURIComponent(term)}`;
        link.textContent = term;
        item.append(link);
        return item;
      }),
    );
    suggestions.hidden = total > 0;
    status.replaceChildren(total > 0 ? uiText('search.count', { n: total }) : uiText('search.empty', { query }));
  }

  async function update(): Promise<void> {
    const query = input.value.trim();
    const url = new URL(window.location.href);
    if (query) url.searchParams.set('q', query);
    else url.searchParams.delete('q');
    history.replaceState(history.state, '', url);
    if (!query) {
      list.hidden = true;
      suggestions.hidden = true;
      status.replaceChildren(uiText('search.prompt'));
      return;
    }
    if (!engine) {
      status.replaceChildren(uiText('search.loading'));
      try {
        const { loadSearchEngine } = await import('./search-engine');
        engine = await loadSearchEngine();
      } catch {
        status.replaceChildren(uiText('search.error'));
        return;
      }
    }
    if (input.value.trim() === query) show(engine, query);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void update();
  });
  input.addEventListener('input', (event) => {
    if (!(event as InputEvent).isComposing) void update();
  });
  input.addEventListener('compositionend', () => void update());
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && !event.isComposing && links().length > 0) {
      event.preventDefault();
      links()[0]!.focus();
    }
  });
  list.addEventListener('keydown', (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? Math.min(at + 1, all.length - 1) : at - 1;
      (next < 0 ? input : all[next]!).focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      input.focus();
    }
  });
  focusOnSearchShortcut(input);

  input.value = new URLSearchParams(window.location.search).get('q') ?? '';
  if (input.value.trim()) void update();
  // Someone who opens the search page without a query came to type one.
  else input.focus();
}
