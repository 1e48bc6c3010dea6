/**
 * Runs background work (the service worker's precache, the sync engine) once the page has loaded and the main thread
 * is idle, so it does not compete with the page's own scripts and islands while a phone is still busy showing it.
 * `timeout` bounds the wait on a page that never goes idle; browsers without requestIdleCallback wait a moment.
 */
export function afterLoadWhenIdle(task: () => void, timeout = 3000): void {
  const schedule = () => {
    if ('requestIdleCallback' in window) requestIdleCallback(() => task(), { timeout });
    else setTimeout(task, 200);
  };
  if (document.readyState === 'complete') schedule();
  else addEventListener('load', schedule, { once: true });
}
