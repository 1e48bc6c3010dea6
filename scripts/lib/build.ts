import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { staleBuildReason } from './build-freshness.ts';

/** Builds the site under `root` when the build is missing or older than its sources; returns false on failure. */
export async function buildIfStale(root: string, log: (line: string) => void = console.log): Promise<boolean> {
  const reason = await staleBuildReason(root);
  if (!reason) return true;
  log(`正在构建（${reason}）……`);
  const astro = join(root, 'node_modules', '.bin', 'astro');
  // NODE_ENV is forced because a caller such as vitest sets it to "test", which would make Vite build a non-production bundle.
  const result = spawnSync(astro, ['build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  return result.status === 0;
}
