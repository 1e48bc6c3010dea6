/**
 * `npm run bench`: runs every benchmark module in tests/bench/ (or those named on the command line),
 * prints their figures, and writes all figures merged into one JSON object (DESIGN §11 keys) to
 * `--json <file>`, bench/results.json by default.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** What a module in tests/bench/ exports. */
interface BenchModule {
  name: string;
  /** Measures, prints its own human-readable lines, and returns its figures. */
  run(): Promise<Record<string, number>>;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'tests', 'bench');
const { values, positionals } = parseArgs({
  options: { json: { type: 'string', default: join(root, 'bench', 'results.json') } },
  allowPositionals: true,
});

const files = (await readdir(benchDir)).filter((file) => file.endsWith('.ts')).sort();
const chosen = positionals.length > 0 ? files.filter((file) => positionals.includes(basename(file, '.ts'))) : files;
if (chosen.length === 0) {
  console.error(`没有找到基准测试：${positionals.join('、')}（可选：${files.map((file) => basename(file, '.ts')).join('、')}）`);
  process.exit(1);
}

const figures: Record<string, number> = {};
for (const file of chosen) {
  const module = (await import(pathToFileURL(join(benchDir, file)).href)) as BenchModule;
  console.log(`\n▶ ${module.name}`);
  const started = performance.now();
  Object.assign(figures, await module.run());
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

console.log('\nfigures');
for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(32)} ${value}`);
const output = resolve(values.json);
await mkdir(dirname(output), { recursive: true });
await writeFile(output, `${JSON.stringify(figures, null, 2)}\n`);
console.log(`\nwritten to ${output}`);
