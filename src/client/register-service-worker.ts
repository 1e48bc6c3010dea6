import { afterLoadWhenIdle } from './when-idle';

/** Registers the service worker that keeps the whole course available offline (production builds only). */
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  // Installing it fetches and stores the whole course: work for when the page is idle, not while it is still loading.
  afterLoadWhenIdle(() => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn('离线缓存未能启用：', error);
    });
  });
}
