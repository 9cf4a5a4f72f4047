import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Shared vitest settings. Workspace packages resolve to their `src/`, so a
 * test never runs against a stale `dist/` (the dual-format tests read `dist/`
 * on purpose, through `node` subprocesses).
 */
export const workspaceAliases = {
  '@tokenledger/core': `${root}packages/core/src/index.ts`,
  '@tokenledger/express': `${root}packages/express/src/index.ts`,
  '@tokenledger/nestjs': `${root}packages/nestjs/src/index.ts`,
  '@tokenledger/kysely': `${root}packages/kysely/src/index.ts`,
  '@tokenledger/dashboard': `${root}packages/dashboard/src/index.ts`,
  '@tokenledger/otel': `${root}packages/otel/src/index.ts`,
};

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    // the JSON report feeds the one-line total printed by scripts/test.sh
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest.json' },
    hookTimeout: 60_000,
  },
});
