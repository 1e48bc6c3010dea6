/**
 * Starts the sync engine once the page has loaded and the browser is idle, in its own chunk, so the
 * engine and xstate never delay a page's first paint or count against its first load.
 */
function start(): void {
  const idle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
  idle(() => {
    import('./sync-engine')
      .then((engine) => engine.startSyncEngine())
      // Without sync the page still works and records on the device; the next page load tries again.
      .catch((error: unknown) => console.warn('同步未能启动：', error));
  });
}

if (document.readyState === 'complete') start();
else window.addEventListener('load', start, { once: true });
