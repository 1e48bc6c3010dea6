import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { build } from 'esbuild';
import { injectManifest } from 'workbox-build';

/** Builds the service worker after the site: bundles it, then injects the precache manifest of dist/client. */
export function serviceWorker(): AstroIntegration {
  let clientDir: URL;
  let root: URL;
  return {
    name: 'icrm:service-worker',
    hooks: {
      'astro:config:done': ({ config }) => {
        clientDir = config.build.client;
        root = config.root;
      },
      'astro:build:done': async ({ logger }) => {
        const swDest = fileURLToPath(new URL('sw.js', clientDir));
        await build({
          entryPoints: [fileURLToPath(new URL('src/client/service-worker.ts', root))],
          bundle: true,
          format: 'iife',
          minify: true,
          target: 'es2020',
          outfile: swDest,
          define: { 'process.env.NODE_ENV': '"production"' },
          logLevel: 'warning',
        });
        const { count, size, warnings } = await injectManifest({
          swSrc: swDest,
          swDest,
          globDirectory: fileURLToPath(clientDir),
          globPatterns: ['**/*.{html,js,css,svg,png,webmanifest,json,woff2}'],
          globIgnores: ['sw.js'],
        });
        for (const warning of warnings) logger.warn(warning);
        logger.info(`离线缓存：${count} 个文件，共 ${(size / 1024).toFixed(0)} KB`);
      },
    },
  };
}
