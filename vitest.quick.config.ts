import { defineConfig } from 'vitest/config';

/**
 * `npm run test:quick`: core logic straight from source, no build, no emulator, no browser
 * (under 30 s); `npm test` runs these and everything else.
 */
export default defineConfig({
  test: {
    setupFiles: ['./tools/source-globals.mjs'],
    include: ['test/core/**/*.test.ts', 'src/**/*.test.ts'],
    // The property tests take seconds on a loaded 2-core machine; counts, not time, are asserted.
    testTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
