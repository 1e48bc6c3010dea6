import { setUiText } from '../ui-text';
import type { ResultsMessage } from './channel';

/**
 * Draws a question's results as horizontal bars: each row says its option, its count and share in words, so the
 * chart reads the same to a screen reader; the bar itself is decoration. The correct options are marked once the
 * key is revealed.
 */
export function renderResults(container: HTMLElement, results: ResultsMessage): void {
  const doc = container.ownerDocument;
  const heading = doc.createElement('h2');
  heading.className = 'results__prompt';
  heading.textContent = results.prompt;
  const total = doc.createElement('p');
  total.className = 'results__total';
  setUiText(total, 'results.total', { n: results.total });

  const list = doc.createElement('ol');
  list.className = 'results__bars';
  const largest = Math.max(1, ...results.options.map((option) => option.count));
  for (const option of results.options) {
    const correct = results.key?.includes(option.id) ?? false;
    const row = doc.createElement('li');
    row.className = correct ? 'results__row results__row--key' : 'results__row';
    row.dataset.option = option.id;

    const label = doc.createElement('span');
    label.className = 'results__label';
    label.textContent = option.label;
    if (correct) {
      const mark = doc.createElement('strong');
      mark.className = 'results__key';
      setUiText(mark, 'results.key');
      label.append(' ', mark);
    }
    const bar = doc.createElement('span');
    bar.className = 'results__bar';
    bar.setAttribute('aria-hidden', 'true');
    const fill = doc.createElement('span');
    fill.className = 'results__fill';
    // Set through the style object: the page's policy forbids style attributes written as markup.
    fill.style.inlineSize = `${(option.count / largest) * 100}%`;
    bar.append(fill);
    const count = doc.createElement('span');
    count.className = 'results__count';
    setUiText(count, 'results.count', {
      n: option.count,
      percent: results.total > 0 ? Math.round((option.count / results.total) * 100) : 0,
    });
    row.append(label, bar, count);
    list.append(row);
  }
  container.dataset.question = results.questionId;
  container.replaceChildren(heading, total, list);
}
