import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Projects run one after another (unit, integration, browser): a 2-core machine cannot take them at once.
          sequence: { groupOrder: 0 },
          // Some core tests walk every path of every role-play: generous on a busy 2-core machine.
          testTimeout: 30_000,
          setupFiles: ['tests/support/fail-on-console-error.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          globalSetup: ['tests/support/build-setup.ts'],
          setupFiles: ['tests/support/fail-on-console-error.ts'],
          // Each file starts its own server process; two at a time keep a 2-core machine responsive.
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          sequence: { groupOrder: 2 },
          globalSetup: ['tests/support/e2e-server.ts'],
          setupFiles: ['tests/support/fail-on-console-error.ts'],
          // One browser and one server on a 2-core machine: files run one after another.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
