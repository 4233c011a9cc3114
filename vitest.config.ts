import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/trino/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on a 2-core machine (CI here) one
    // test file at a time, and one core idle (the suite took 16 min at 1.0 core busy). The
    // tests bind ephemeral ports and their own temp dirs, so files run side by side.
    maxWorkers: availableParallelism(),
    globalSetup: ['test/reliability/global-setup.ts'],
  },
});
