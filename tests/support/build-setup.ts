import { fileURLToPath } from 'node:url';
import { buildIfStale } from '../../scripts/lib/build.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Builds the site once before the integration tests, which start their own server processes from the build. */
export default async function setup(): Promise<void> {
  if (!(await buildIfStale(root))) throw new Error('astro build failed; see its output above');
}
