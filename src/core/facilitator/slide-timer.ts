/**
 * The presenter's clock: time spent on each slide, counted only while the timer runs. A plain JSON value, so the
 * presenter page can keep it in sessionStorage and a reload mid-session loses no minute.
 */
export interface SlideTimer {
  current: number;
  /** When the running stretch on the current slide began (ms since epoch), or null while paused. */
  since: number | null;
  /** Milliseconds spent on each slide before the running stretch. */
  spent: number[];
}

/** A paused timer on the first slide with nothing spent. */
export function createSlideTimer(slides: number): SlideTimer {
  return { current: 0, since: null, spent: Array.from({ length: slides }, () => 0) };
}

/** Starts counting on the current slide; a running timer is left as it is. */
export function startTimer(timer: SlideTimer, now: number): SlideTimer {
  return timer.since === null ? { ...timer, since: now } : timer;
}

/** Stops counting, keeping what the current slide has spent. */
export function pauseTimer(timer: SlideTimer, now: number): SlideTimer {
  return timer.since === null ? timer : { ...timer, since: null, spent: settle(timer, now) };
}

/** Moves to another slide: the time so far goes to the slide being left, and a running timer keeps running. */
export function showSlide(timer: SlideTimer, index: number, now: number): SlideTimer {
  const target = Math.min(Math.max(index, 0), timer.spent.length - 1);
  if (target === timer.current) return timer;
  return { current: target, since: timer.since === null ? null : now, spent: settle(timer, now) };
}

/** Milliseconds spent on one slide up to now. */
export function spentOn(timer: SlideTimer, index: number, now: number): number {
  return settle(timer, now)[index] ?? 0;
}

/** Milliseconds spent on the whole deck up to now. */
export function totalSpent(timer: SlideTimer, now: number): number {
  return settle(timer, now).reduce((sum, value) => sum + value, 0);
}

/** Whether a stored value is a timer for a deck of this many slides (so a changed deck starts afresh). */
export function isSlideTimer(value: unknown, slides: number): value is SlideTimer {
  if (typeof value !== 'object' || value === null) return false;
  const { current, since, spent } = value as Partial<SlideTimer>;
  return (
    Array.isArray(spent) &&
    spent.length === slides &&
    spent.every((ms) => Number.isFinite(ms) && ms >= 0) &&
    Number.isInteger(current) &&
    current! >= 0 &&
    current! < slides &&
    (since === null || Number.isFinite(since))
  );
}

function settle(timer: SlideTimer, now: number): number[] {
  if (timer.since === null) return timer.spent;
  // A clock set back while running never takes time away.
  const running = Math.max(0, now - timer.since);
  return timer.spent.map((ms, index) => (index === timer.current ? ms + running : ms));
}
