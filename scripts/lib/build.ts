import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { staleBuildReason } from './build-freshness.ts';

/** Builds the site under `root` when the build is missing or older than its sources; returns false on failure. */
export async function buildIfStale(root: string, log: (line: string) => void = console.log): Promise<boolean> {
  const reason = await staleBuildReason(root);
  if (!reason) return true;
  log(`正在构建（${reason}）……`);
  const astro = join(root, 'node_modules', '.bin', 'astro');
  // A production build whatever the caller's NODE_ENV: under vitest it is `test`, which would ship React's development build.
  const result = spawnSync(astro, ['build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  return result.status === 0;
}
