import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Compiles the page's browser modules into dist/client, as `pnpm build`
 * does, so a browser test never runs stale page code.
 */
export function buildClient(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.client.json'], {
    cwd: packageDir,
    stdio: 'inherit',
  });
  copyFileSync(
    `${packageDir}src/client/dashboard.css`,
    `${packageDir}dist/client/dashboard.css`,
  );
}
