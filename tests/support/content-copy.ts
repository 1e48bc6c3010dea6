import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { contentDir } from './course-fixture.ts';

/**
 * Gives every test of the file a fresh copy of the shipped content/ in a temporary folder (`root`),
 * and `edit`, which changes one of its files and fails if the change matched nothing.
 */
export function contentCopyPerTest(prefix: string) {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
    await cp(contentDir, join(root, 'content'), { recursive: true });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  return {
    get root() {
      return root;
    },
    async edit(path: string, change: (text: string) => string): Promise<void> {
      const file = join(root, 'content', path);
      const before = await readFile(file, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`the edit changed nothing in ${path}`);
      await writeFile(file, after);
    },
  };
}
