import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildIfStale } from '../../scripts/lib/build.ts';
import { buildOutput } from '../../scripts/lib/build-freshness.ts';
import { chromiumPath } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilServing(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode} before serving`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not answer at ${url} within 30 s`);
}

export interface SiteServer {
  baseUrl: string;
  /** The data folder the server keeps its SQLite database in (removed by `stop()` unless it was given). */
  dataDir: string;
  /** The first admin's credentials, set through ADMIN_USER/ADMIN_PASSWORD. */
  admin: { username: string; password: string };
  /** What the server printed on standard output so far. */
  output(): string;
  /** Ends the process gracefully, or at once with SIGKILL, as a crashed server would be gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export interface SiteServerOptions {
  /** Reuse a data folder (a restart); a fresh temporary one otherwise. */
  dataDir?: string;
  /** Extra environment, e.g. DATABASE_URL. */
  env?: Record<string, string>;
  port?: number;
}

export const testAdmin = { username: 'admin', password: 'admin-password-for-tests' };

/** Serves the built site on a free port with its own data folder; `stop()` ends the process. */
export async function startSiteServer(options: SiteServerOptions = {}): Promise<SiteServer> {
  const port = options.port ?? (await freePort());
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'icrm-data-'));
  let output = '';
  const server = spawn(process.execPath, [buildOutput], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_USER: testAdmin.username,
      ADMIN_PASSWORD: testAdmin.password,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilServing(`${baseUrl}/`, server);
  return {
    baseUrl,
    dataDir,
    admin: testAdmin,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        const done = () => {
          if (ownDataDir && signal === 'SIGTERM') rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (server.exitCode !== null || server.signalCode !== null) return done();
        server.once('exit', done);
        server.kill(signal);
      }),
  };
}

/** Builds the site if needed and serves it on a free port for the browser tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Browser tests need Chromium at ${chromiumPath}. Install it with: apt-get update && apt-get install -y chromium ` +
        '(or set CHROMIUM_PATH to a Chromium or Chrome binary).',
    );
  }
  if (!(await buildIfStale(root))) throw new Error('astro build failed; see its output above');
  const server = await startSiteServer();
  project.provide('baseUrl', server.baseUrl);
  return () => server.stop();
}
