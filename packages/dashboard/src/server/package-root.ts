import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { moduleDir } from './module-dir.js';

const PACKAGE_NAME = '@tokenledger/dashboard';

/** The root of the installed `@tokenledger/dashboard` package. */
export function packageRoot(start = moduleDir()): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isDashboardPackage(join(dir, 'package.json'))) return dir;

    if (dirname(dir) === dir) {
      throw new Error(
        `Cannot find the ${PACKAGE_NAME} package.json above ${start}; reinstall the package.`,
      );
    }
  }
}

function isDashboardPackage(file: string): boolean {
  if (!existsSync(file)) return false;

  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string };

  return manifest.name === PACKAGE_NAME;
}

/** Where the browser code of the page lives: `dist/client` of the package. */
export function clientDir(root = packageRoot()): string {
  return join(root, 'dist', 'client');
}

/** The `dist` directory of the uPlot package the dashboard depends on. */
export function uplotDir(root = packageRoot()): string {
  const require = createRequire(join(root, 'package.json'));

  return join(dirname(require.resolve('uplot/package.json')), 'dist');
}
