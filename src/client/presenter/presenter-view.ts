import {
  createSlideTimer,
  isSlideTimer,
  pauseTimer,
  showSlide,
  spentOn,
  startTimer,
  totalSpent,
  type SlideTimer,
} from '../../core/facilitator/slide-timer';
import { addEmbeddedPageStrings, setUiText } from '../ui-text';
import { openPresenterChannel, parsePresenterMessage, postPresenterMessage, type ResultsMessage } from './channel';
import { formatElapsed, readDeckOutline, showSlideElement, type DeckOutline } from './deck-dom';

/*
 * The presenter view: turns slides with the keyboard or buttons, shows the current slide's speaker notes and its
 * timer against the planned minutes, opens the slide overview, and keeps the audience window in step over the
 * session's BroadcastChannel. Everything is in the page already, so it keeps working offline once loaded.
 */

const root = document.querySelector<HTMLElement>('[data-presenter]');
if (root) startPresenter(root, readDeckOutline(document));

function startPresenter(root: HTMLElement, deck: DeckOutline): void {
  addEmbeddedPageStrings();
  const { code } = deck;
  const storageKey = `icrm.presenter.${code}`;
  const deckSignature = deck.slides.map((slide) => slide.id).join('|');
  const channel = openPresenterChannel(code);
  let timer = restoreTimer();
  let lastResults: ResultsMessage | undefined;

  const find = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const position = find('[data-position]');
  const slideElapsed = find('[data-slide-elapsed]');
  const slidePlanned = find('[data-slide-planned]');
  const slideClock = find('[data-slide-clock]');
  const totalElapsed = find('[data-total-elapsed]');
  const timerToggle = find<HTMLButtonElement>('[data-timer-toggle]');
  const nextUp = find('[data-next-up]');
  const previousButton = find<HTMLButtonElement>('[data-previous]');
  const nextButton = find<HTMLButtonElement>('[data-next]');
  const overview = find<HTMLDialogElement>('[data-overview]');
  const audienceLink = find<HTMLAnchorElement>('[data-open-audience]');
  const audienceStatus = find('[data-audience-status]');

  function restoreTimer(): SlideTimer {
    try {
      const stored = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as { deck?: string; timer?: unknown } | null;
      if (stored?.deck === deckSignature && isSlideTimer(stored.timer, deck.slides.length)) return stored.timer;
    } catch {
      // Storage unavailable or spoilt: start afresh.
    }
    return createSlideTimer(deck.slides.length);
  }

  function save(): void {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify({ deck: deckSignature, timer }));
    } catch {
      // Private mode without storage: the timer still runs for this page.
    }
  }

  function announceSlide(): void {
    postPresenterMessage(channel, { type: 'slide', index: timer.current, slideId: deck.slides[timer.current]!.id });
  }

  function render(): void {
    const index = timer.current;
    const slide = deck.slides[index]!;
    showSlideElement(root, index);
    for (const notes of root.querySelectorAll<HTMLElement>('[data-notes-for]')) notes.hidden = Number(notes.dataset.notesFor) !== index;
    setUiText(position, 'presenter.position', { n: index + 1, total: deck.slides.length });
    setUiText(slidePlanned, 'presenter.planned', { n: slide.minutes });
    const next = deck.slides[index + 1];
    if (next) setUiText(nextUp, 'presenter.nextUp', { title: next.title });
    else setUiText(nextUp, 'presenter.last');
    previousButton.disabled = index === 0;
    nextButton.disabled = index === deck.slides.length - 1;
    for (const item of overview.querySelectorAll<HTMLButtonElement>('[data-goto]')) {
      if (Number(item.dataset.goto) === index) item.setAttribute('aria-current', 'true');
      else item.removeAttribute('aria-current');
    }
    tick();
  }

  function tick(): void {
    const now = Date.now();
    const spent = spentOn(timer, timer.current, now);
    slideElapsed.textContent = formatElapsed(spent);
    totalElapsed.textContent = formatElapsed(totalSpent(timer, now));
    slideClock.dataset.over = String(spent > deck.slides[timer.current]!.minutes * 60_000);
    const running = timer.since !== null;
    timerToggle.setAttribute('aria-pressed', String(running));
    setUiText(timerToggle, running ? 'presenter.pause' : 'presenter.start');
  }

  function go(index: number): void {
    const target = Math.min(Math.max(index, 0), deck.slides.length - 1);
    if (target === timer.current) return;
    // Turning a slide means the session has begun: the clock starts with the first turn.
    timer = showSlide(startTimer(timer, Date.now()), target, Date.now());
    // The audience closes the results when the slide turns (see channel.ts), so a window opened later shows none.
    lastResults = undefined;
    save();
    render();
    announceSlide();
  }

  previousButton.addEventListener('click', () => go(timer.current - 1));
  nextButton.addEventListener('click', () => go(timer.current + 1));
  timerToggle.addEventListener('click', () => {
    timer = timer.since === null ? startTimer(timer, Date.now()) : pauseTimer(timer, Date.now());
    save();
    tick();
  });
  find<HTMLButtonElement>('[data-open-overview]').addEventListener('click', () => overview.showModal());
  for (const item of overview.querySelectorAll<HTMLButtonElement>('[data-goto]')) {
    item.addEventListener('click', () => {
      overview.close();
      go(Number(item.dataset.goto));
    });
  }
  overview.addEventListener('close', () => find<HTMLElement>('[data-slide-stage]').focus());

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || overview.open) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
    // Space on a focused button or link presses it, as everywhere else.
    if (event.key === ' ' && target.closest('button, a')) return;
    const moves: Record<string, () => number> = {
      ArrowRight: () => timer.current + 1,
      ArrowDown: () => timer.current + 1,
      PageDown: () => timer.current + 1,
      ' ': () => timer.current + 1,
      ArrowLeft: () => timer.current - 1,
      ArrowUp: () => timer.current - 1,
      PageUp: () => timer.current - 1,
      Home: () => 0,
      End: () => deck.slides.length - 1,
    };
    if (event.key === 'Escape') {
      event.preventDefault();
      overview.showModal();
      overview.querySelector<HTMLButtonElement>('[aria-current="true"]')?.focus();
    } else if (moves[event.key]) {
      event.preventDefault();
      go(moves[event.key]!());
    }
  });

  audienceLink.addEventListener('click', (event) => {
    event.preventDefault();
    // A window of its own, not a tab, so it can be dragged to the projector.
    const opened = window.open(audienceLink.href, audienceLink.target, 'popup,width=1280,height=720');
    audienceStatus.hidden = false;
    setUiText(audienceStatus, opened ? 'presenter.audienceOpened' : 'presenter.audienceBlocked');
  });

  if (channel) {
    channel.addEventListener('message', (event: MessageEvent) => {
      const message = parsePresenterMessage(event.data);
      if (message?.type === 'hello') {
        announceSlide();
        if (lastResults) postPresenterMessage(channel, lastResults);
      } else if (message?.type === 'results') lastResults = message;
      else if (message?.type === 'results-clear') lastResults = undefined;
    });
  }

  window.setInterval(tick, 1_000);
  render();
  announceSlide();
}
