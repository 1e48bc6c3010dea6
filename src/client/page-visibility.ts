import type { ActiveTimer } from '../core/progress/active-time';

/**
 * Runs an active-time timer while the page is visible and pauses it while hidden; returns a function that
 * stops following. Visibility alone decides: tabs of one window are never visible together, so time is never
 * counted twice, while focus would stop the clock of a window that is merely not in front.
 */
export function followPageVisibility(timer: ActiveTimer): () => void {
  const update = () => (document.visibilityState === 'visible' ? timer.resume() : timer.pause());
  update();
  document.addEventListener('visibilitychange', update);
  return () => document.removeEventListener('visibilitychange', update);
}
