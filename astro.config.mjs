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
  integrations: [contentCheck(), mdx(), react(), serverEntry(node({ mode: 'standalone' })), serviceWorker()],
  markdown: {
    smartypants: false,
  },
  experimental: {
    // Hashes every script Astro emits into a per-page policy, so no page needs 'unsafe-inline' for scripts.
    csp: true,
  },
  devToolbar: { enabled: false },
});
