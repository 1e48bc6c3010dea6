// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import node from '@astrojs/node';
import { contentCheck } from './scripts/lib/content-check-integration.ts';
import { serviceWorker } from './scripts/lib/service-worker-integration.ts';

// https://astro.build/config
export default defineConfig({
  site: process.env.PUBLIC_ORIGIN || undefined,
  adapter: node({ mode: 'standalone' }),
  integrations: [contentCheck(), mdx(), react(), serviceWorker()],
  markdown: {
    smartypants: false,
  },
  devToolbar: { enabled: false },
});
