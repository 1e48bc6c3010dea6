/**
 * The server entry of the build: the Node adapter's standalone server, started only after the runtime
 * (settings, migrations, first admin) is ready, with security headers on every response, static files included.
 */
import http from 'node:http';
import type { SSRManifest } from 'astro';
import { createExports as createNodeExports } from '@astrojs/node/server.js';
import { startRuntime } from './runtime.ts';
import { SettingsError } from './settings.ts';
import { applySecurityHeaders } from './security-headers.ts';
import { isDirectRoute, serveDirectRoute } from './direct-routes.ts';

type NodeOptions = Parameters<typeof createNodeExports>[1];

export function createExports(manifest: SSRManifest, options: NodeOptions) {
  return createNodeExports(manifest, options);
}

export async function start(manifest: SSRManifest, options: NodeOptions): Promise<void> {
  if (process.env.ASTRO_NODE_AUTOSTART === 'disabled') return;
  let runtime;
  try {
    runtime = await startRuntime(process.env, import.meta.env.SITE);
  } catch (error) {
    console.error(error instanceof SettingsError ? error.message : error);
    process.exit(1);
  }
  const { handler } = createNodeExports(manifest, { ...options, mode: 'standalone' });
  const server = http.createServer((request, response) => {
    applySecurityHeaders(response, runtime.settings.publicOrigin);
    if (isDirectRoute(request)) return void serveDirectRoute(request, response, runtime);
    (handler as (req: http.IncomingMessage, res: http.ServerResponse) => void)(request, response);
  });
  const { host, port } = runtime.settings;
  server.listen(port, host, () => {
    console.log(`内训学堂已启动：${runtime.settings.publicOrigin}（数据库：${runtime.database.description}）`);
  });
  const stop = () => {
    server.close();
    void runtime.database.close().finally(() => process.exit(0));
    // Open keep-alive connections must not hold the process.
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
