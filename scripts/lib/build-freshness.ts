import { readFile, stat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** What a build is made from: a change to any of these makes the build stale. */
const buildInputs = ['src', 'content', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];
export const buildOutput = 'dist/server/entry.mjs';

async function newestModification(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const children = await readdir(path);
  const times = await Promise.all(children.map((child) => newestModification(join(path, child))));
  return Math.max(info.mtimeMs, ...times);
}

/** Says why the build under `root` must be (re)made, or undefined when it is up to date. */
export async function staleBuildReason(root: string): Promise<string | undefined> {
  const output = await stat(join(root, buildOutput)).catch(() => undefined);
  if (!output) return '还没有构建';
  // Activity ids and certificate links carry the origin the build was made with: a new PUBLIC_ORIGIN needs a new build.
  const info = await readFile(join(root, 'dist', 'build-info.json'), 'utf8').then((text) => JSON.parse(text) as { publicOrigin: string | null }, () => undefined);
  const wanted = process.env.PUBLIC_ORIGIN || null;
  if (!info) return '上次构建不完整';
  if (info.publicOrigin !== wanted) return `PUBLIC_ORIGIN 从 ${info.publicOrigin ?? '（未设置）'} 改成了 ${wanted ?? '（未设置）'}`;
  for (const input of buildInputs) {
    if ((await newestModification(join(root, input))) > output.mtimeMs) return `${input} 在上次构建之后有改动`;
  }
  return undefined;
}
