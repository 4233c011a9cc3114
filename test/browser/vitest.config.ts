import { defineConfig } from 'vitest/config';

/** The real-browser suite (`npm run test:browser`), kept out of `npm test`: it needs Chromium. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
