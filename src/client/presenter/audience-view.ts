import { addEmbeddedPageStrings } from '../ui-text';
import { openPresenterChannel, parsePresenterMessage, postPresenterMessage } from './channel';
import { readDeckOutline, showSlideElement } from './deck-dom';
import { renderResults } from './results-chart';

/*
 * The audience window: shows only what the room should see, the slide the presenter is on or the results of a
 * question, as the session's BroadcastChannel tells it. It asks for the current state when it opens, so a reload or
 * a second screen joins in step.
 */

const root = document.querySelector<HTMLElement>('[data-audience]');
if (root) startAudience(root);

function startAudience(root: HTMLElement): void {
  addEmbeddedPageStrings();
  const deck = readDeckOutline(document);
  const results = root.querySelector<HTMLElement>('[data-results]')!;
  const slides = root.querySelector<HTMLElement>('[data-slides]')!;
  const channel = openPresenterChannel(deck.code);

  const showResults = (visible: boolean) => {
    results.hidden = !visible;
    slides.hidden = visible;
  };

  channel?.addEventListener('message', (event: MessageEvent) => {
    const message = parsePresenterMessage(event.data);
    if (!message) return;
    if (message.type === 'slide') {
      // The slide id wins over the index, should this window hold a deck that differs from the presenter's.
      const byId = deck.slides.findIndex((slide) => slide.id === message.slideId);
      showSlideElement(slides, byId >= 0 ? byId : message.index);
      showResults(false);
    } else if (message.type === 'results') {
      renderResults(results, message);
      showResults(true);
    } else if (message.type === 'results-clear') showResults(false);
  });
  postPresenterMessage(channel, { type: 'hello' });

  const fullscreen = root.querySelector<HTMLButtonElement>('[data-fullscreen]')!;
  fullscreen.hidden = !document.fullscreenEnabled;
  fullscreen.addEventListener('click', () => void document.documentElement.requestFullscreen().catch(() => undefined));
  document.addEventListener('fullscreenchange', () => (fullscreen.hidden = document.fullscreenElement !== null));
}
