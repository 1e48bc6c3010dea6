/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { registerRoute, setCatchHandler, setDefaultHandler } from 'workbox-routing';
import { NetworkFirst, NetworkOnly } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: { url: string; revision: string | null }[] };

// Live classroom streams go straight to the network, untouched: registered before Workbox's listener so that it never
// sees them, as a stream held open through the worker would end whenever the browser stops the worker.
self.addEventListener('fetch', (event) => {
  if (event.request.headers.get('accept')?.includes('text/event-stream')) event.stopImmediatePropagation();
});

// A new version takes over at once: the precache is versioned per file, and pages hold no state of their own.
void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();

// Every prerendered page, script, style, icon and the search index, so the whole course opens offline.
precacheAndRoute(self.__WB_MANIFEST, {
  directoryIndex: 'index.html',
  // `/search/?q=…` is one prerendered page whatever the query; the page reads `q` itself.
  ignoreURLParametersMatching: [/^utm_/, /^q$/],
  // `/courses/icrm/x` (no trailing slash) is the same page as `/courses/icrm/x/`.
  urlManipulation: ({ url }) => (url.pathname.endsWith('/') ? [] : [new URL(`${url.pathname}/index.html`, url)]),
});

// The keys certificates are signed with: /verify/ checks signatures with them offline. Fresh from the network when there
// is one (a rotation adds a key), the last copy otherwise; fetched at install, so any one visit is enough.
const signingKeysUrl = '/.well-known/jwks.json';
const signingKeys = new NetworkFirst({ cacheName: 'icrm-signing-keys', networkTimeoutSeconds: 5 });
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname === signingKeysUrl, signingKeys);
self.addEventListener('install', (event) => {
  // A failure (no server behind a static preview) must not stop the worker from installing.
  event.waitUntil(signingKeys.handle({ request: new Request(signingKeysUrl), event }).catch(() => undefined));
});

// Everything else, the server's API above all, always goes to the network and is never cached.
setDefaultHandler(new NetworkOnly());

setCatchHandler(async ({ request }) => {
  if (request.destination === 'document') return (await matchPrecache('/offline/index.html')) ?? Response.error();
  return Response.error();
});
