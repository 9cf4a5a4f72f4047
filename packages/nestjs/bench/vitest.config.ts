import { defineConfig } from 'vitest/config';

// No workspace aliases: benchmarks load the built packages (`pnpm bench`
// builds first), i.e. the code that is published.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
  },
});
