import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Core and shared modules tested straight from source read the default brand, as the default build does.
const { $schema: _schema, ...brand } = JSON.parse(readFileSync('brands/botpenguin.json', 'utf8'));
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

export default defineConfig({
  define: { __BRAND__: JSON.stringify(brand), __ADDON_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Emulator tests block their thread on Atomics.wait while real HTTP runs in a worker;
    // separate processes keep that from starving other files.
    pool: 'forks',
    globalSetup: ['./test/support/global-build.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
