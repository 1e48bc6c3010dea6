// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import node from '@astrojs/node';
import { contentCheck } from './scripts/lib/content-check-integration.ts';
import { serviceWorker } from './scripts/lib/service-worker-integration.ts';
import { serverEntry } from './scripts/lib/server-entry-integration.ts';

// https://astro.build/config
export default defineConfig({
  site: process.env.PUBLIC_ORIGIN || undefined,
  adapter: serverEntry(node({ mode: 'standalone' })),
  integrations: [contentCheck(), mdx(), react(), serviceWorker()],
  markdown: {
    smartypants: false,
  },
  experimental: {
    // Hashes every script Astro emits into a per-page policy, so no page needs 'unsafe-inline' for scripts.
    csp: true,
  },
  // src/middleware.ts checks the origin of every mutation itself, against PUBLIC_ORIGIN and the Host the browser used.
  security: { checkOrigin: false },
  devToolbar: { enabled: false },
});
