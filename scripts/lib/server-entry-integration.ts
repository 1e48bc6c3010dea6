import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroAdapter, AstroIntegration } from 'astro';

const entrypoint = fileURLToPath(new URL('../../src/server/entrypoint.ts', import.meta.url));

/**
 * Wraps the Node adapter so the built server starts through src/server/entrypoint.ts: migrations and the first
 * admin before listening, and security headers on static files too (the adapter's own server cannot add them).
 */
export function serverEntry(nodeAdapter: AstroIntegration): AstroIntegration {
  const configDone = nodeAdapter.hooks['astro:config:done'];
  return {
    ...nodeAdapter,
    hooks: {
      ...nodeAdapter.hooks,
      'astro:config:done': (options) =>
        configDone?.({
          ...options,
          setAdapter: (adapter: AstroAdapter) => options.setAdapter({ ...adapter, serverEntrypoint: entrypoint }),
        }),
      'astro:build:done': async (options) => {
        await nodeAdapter.hooks['astro:build:done']?.(options);
        // dist/build-info.json: the origin the activity ids were made with, which `npm start` compares (build-freshness.ts).
        const file = new URL('../build-info.json', options.dir);
        await writeFile(file, JSON.stringify({ publicOrigin: process.env.PUBLIC_ORIGIN || null }));
      },
    },
  };
}
