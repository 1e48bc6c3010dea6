/**
 * Starts the sync engine when there is someone to sync for. A signed-out learner has nothing to send
 * (the server takes statements only from an account), so the page asks `/api/me` first and loads the
 * engine, with xstate, in its own chunk only when it answers 200: an anonymous lesson page stays within
 * its script budget. Signing in always lands on a new page, which asks again.
 */
let started = false;

async function startIfSignedIn(): Promise<void> {
  if (started || !navigator.onLine) return;
  try {
    const response = await fetch('/api/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    await response.text();
    if (!response.ok || started) return;
  } catch {
    return;
  }
  started = true;
  try {
    await (await import('./sync-engine')).startSyncEngine();
  } catch (error) {
    // Without sync the page still works and records on the device; the next page load tries again.
    console.warn('同步未能启动：', error);
  }
}

function whenIdle(): void {
  const idle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
  idle(() => void startIfSignedIn());
}

if (document.readyState === 'complete') whenIdle();
else window.addEventListener('load', whenIdle, { once: true });
window.addEventListener('online', () => void startIfSignedIn());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void startIfSignedIn();
});
