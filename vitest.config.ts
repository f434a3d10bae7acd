import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Core and shared modules tested straight from source read the default brand, as the default
    // build does, through the one module every script run from source imports.
    setupFiles: ['./tools/source-globals.mjs'],
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Emulator tests block their thread on Atomics.wait while real HTTP runs in a worker;
    // separate processes keep that from starving other files.
    pool: 'forks',
    // Vitest's default on 2 cores is one worker (cores − 1): every file in turn. Most files wait
    // (real HTTP, Chromium, a worker thread) more than they compute, so two overlap those waits;
    // three were faster but a playground test timed out under load. VITEST_MAX_WORKERS overrides it.
    maxWorkers: 2,
    globalSetup: ['./test/support/global-build.ts'],
    // A poll waits for the sidebar, the emulator, real HTTP or the mock's panel (redrawn once a
    // second): Vitest's 1 s default failed under CI's load. A wait ends at once when all is well.
    expect: { poll: { timeout: 10_000 } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
