/** `npm start`: builds when needed, then serves the whole product from one Node process. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readSettings, SettingsError } from '../src/server/settings.ts';
import { buildIfStale } from './lib/build.ts';
import { buildOutput } from './lib/build-freshness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

let settings;
try {
  settings = readSettings(process.env);
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  console.error(error.message);
  process.exit(1);
}

if (!(await buildIfStale(root))) {
  console.error('构建失败，请根据上面的提示修改后重试。');
  process.exit(1);
}

const server = spawn(process.execPath, [buildOutput], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, HOST: settings.host, PORT: String(settings.port) },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
