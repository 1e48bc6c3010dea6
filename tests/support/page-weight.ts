import { readFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The JavaScript files a prerendered page loads, with their gzip sizes in bytes. */
export interface PageScripts {
  files: Map<string, number>;
  gzipBytes: number;
}

// Static imports only: code behind `import()` loads when the reader asks for it (typing a search, switching to
// English), not with the page.
const importPattern = /(?:\bimport\s*(?:[\w*${}\s,]+from\s*)?|\bexport\s*[\w*${}\s,]*from\s*)["']([^"']+\.js)["']/g;

/**
 * Lists every JavaScript file a page in `clientDir` loads: its module scripts, the component and renderer
 * of each Astro island (loaded as the island scrolls into view), and everything those import statically.
 */
export async function pageScripts(clientDir: string, pagePath: string): Promise<PageScripts> {
  return htmlScripts(clientDir, await readFile(join(clientDir, pagePath), 'utf8'));
}

/** Lists the JavaScript files that a page with this HTML loads from `clientDir`, as pageScripts does. */
export async function htmlScripts(clientDir: string, html: string): Promise<PageScripts> {
  const entries = [
    ...[...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)].map((match) => match[1]!),
    ...[...html.matchAll(/\b(?:component-url|renderer-url)="([^"]+\.js)"/g)].map((match) => match[1]!),
  ];
  const files = new Map<string, number>();
  const queue = entries.map((url) => posix.normalize(url));
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (files.has(url)) continue;
    const code = await readFile(join(clientDir, url));
    files.set(url, gzipSync(code, { level: 9 }).length);
    for (const match of code.toString('utf8').matchAll(importPattern)) {
      const target = match[1]!;
      queue.push(target.startsWith('/') ? posix.normalize(target) : posix.join(dirname(url), target));
    }
  }
  return { files, gzipBytes: [...files.values()].reduce((sum, size) => sum + size, 0) };
}
