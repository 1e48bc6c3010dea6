import type { SearchEngine } from './search-engine';
import { appendResultPlace, snippetElement, uiText } from './render-results';
import { focusOnSearchShortcut } from './shortcut';

/** Results shown under the header box; the rest are one Enter away on the results page. */
const shownResults = 6;
const shownSuggestions = 4;

interface Option {
  element: HTMLLIElement;
  choose(): void;
}

/** Makes the header search form a combobox: results as you type, arrow keys, Enter and Escape. */
export function enhanceSearchBox(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('[role="combobox"]')!;
  const popup = form.querySelector<HTMLElement>('[data-search-popup]')!;
  const message = form.querySelector<HTMLElement>('[data-search-message]')!;
  const listbox = form.querySelector<HTMLUListElement>('[role="listbox"]')!;
  const status = form.querySelector<HTMLElement>('[role="status"]')!;
  let engine: SearchEngine | undefined;
  let options: Option[] = [];
  let active = -1;

  /** Shows a message in the list (one line per part) and announces it through the live region. */
  const say = (...parts: HTMLElement[]) => {
    message.replaceChildren(...parts);
    status.replaceChildren(...parts.flatMap((part, i) => (i > 0 ? [' ', part.cloneNode(true)] : [part.cloneNode(true)])));
  };

  const open = () => {
    popup.hidden = false;
    input.setAttribute('aria-expanded', String(options.length > 0));
  };

  const close = () => {
    popup.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };

  function setActive(index: number): void {
    active = index;
    options.forEach((option, i) => option.element.setAttribute('aria-selected', String(i === index)));
    const current = options[index];
    if (current) {
      input.setAttribute('aria-activedescendant', current.element.id);
      current.element.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function setOptions(next: Option[]): void {
    options = next;
    listbox.replaceChildren(...next.map((option) => option.element));
    listbox.hidden = next.length === 0;
    setActive(-1);
  }

  function option(index: number, fill: (element: HTMLLIElement) => void, choose: () => void): Option {
    const element = document.createElement('li');
    element.id = `site-search-option-${index}`;
    element.className = 'site-search__option';
    element.setAttribute('role', 'option');
    element.setAttribute('aria-selected', 'false');
    fill(element);
    // Keep the focus in the field, so the click does not close the list before it lands.
    element.addEventListener('mousedown', (event) => event.preventDefault());
    element.addEventListener('click', choose);
    return { element, choose };
  }

  const go = (url: string) => {
    close();
    window.location.assign(url);
  };

  function show(ready: SearchEngine, query: string): void {
    const { total, results } = ready.search(query, shownResults);
    if (total === 0) {
      say(uiText('search.empty', { query }), uiText('search.emptyHint'));
      setOptions(
        ready.suggest(query, shownSuggestions).map((term, i) =>
          option(
            i,
            (element) => element.append(uiText('search.suggestion', { term })),
            () => {
              input.value = term;
              void update();
            },
          ),
        ),
      );
    } else {
      say(uiText('search.count', { n: total }));
      const found = results.map((result, i) =>
        option(
          i,
          (element) => {
            appendResultPlace(element, result, 'site-search');
            element.append(snippetElement(result, 'site-search'));
          },
          () => go(result.document.url),
        ),
      );
      if (total > results.length) {
        found.push(
          option(
            found.length,
            (element) => {
              element.classList.add('site-search__option--all');
              element.append(uiText('search.all', { n: total }));
            },
            () => form.requestSubmit(),
          ),
        );
      }
      setOptions(found);
    }
    open();
  }

  async function update(): Promise<void> {
    const query = input.value.trim();
    if (!query) {
      close();
      return;
    }
    if (!engine) {
      setOptions([]);
      say(uiText('search.loading'));
      open();
      try {
        const { loadSearchEngine } = await import('./search-engine');
        engine = await loadSearchEngine();
      } catch {
        say(uiText('search.error'));
        return;
      }
    }
    // Typing went on while the index loaded: only the latest query is shown.
    if (input.value.trim() === query) show(engine, query);
  }

  input.addEventListener('input', (event) => {
    // Pinyin being composed is not yet what the learner means to search.
    if (!(event as InputEvent).isComposing) void update();
  });
  input.addEventListener('compositionend', () => void update());
  input.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (popup.hidden) void update();
        else if (options.length > 0) setActive((active + 1) % options.length);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (options.length > 0) setActive(active <= 0 ? options.length - 1 : active - 1);
        break;
      case 'Enter': {
        // Without a chosen option the form submits and opens the results page.
        const chosen = popup.hidden ? undefined : options[active];
        if (chosen) {
          event.preventDefault();
          chosen.choose();
        }
        break;
      }
      case 'Escape':
        if (!popup.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = '';
        }
        break;
    }
  });
  form.addEventListener('focusout', (event) => {
    if (!(event.relatedTarget instanceof Node && form.contains(event.relatedTarget))) close();
  });
  input.addEventListener('focus', () => {
    if (input.value.trim() && engine) show(engine, input.value.trim());
  });
  focusOnSearchShortcut(input);
}
