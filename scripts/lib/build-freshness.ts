import { stat, readdir } from 'node:fs/promises';
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
  for (const input of buildInputs) {
    if ((await newestModification(join(root, input))) > output.mtimeMs) return `${input} 在上次构建之后有改动`;
  }
  return undefined;
}
