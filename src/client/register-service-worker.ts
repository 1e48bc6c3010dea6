/** Registers the service worker that keeps the whole course available offline (production builds only). */
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn('离线缓存未能启用：', error);
    });
  });
}
