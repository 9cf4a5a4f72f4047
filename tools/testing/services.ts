/**
 * Service-backed tests ask here for their service. A missing service skips
 * those tests with one line naming the Debian package to install, except
 * under CI=true, where it fails the run so CI can never pass by skipping.
 */
import { existsSync } from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by mariadb-setup.ts: the throwaway server's URL, or null. */
    mysqlUrl: string | null;
  }
}

const warned = new Set<string>();

/** The URL of the MariaDB server started by mariadb-setup.ts, if any. */
export function mysqlUrl(): string | undefined {
  const url = inject('mysqlUrl');
  if (url) return url;

  missing('MySQL', 'mariadb-server');
  return undefined;
}

/** The path of a Chromium binary for playwright-core, if any. */
export function chromiumPath(): string | undefined {
  const path = process.env.TOKENLEDGER_CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;

  missing('Browser', 'chromium');
  return undefined;
}

/** CI is set by every CI system, as `true`, `1` or a name; `false`/`0` turn it off. */
export function onCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

function missing(what: string, debianPackage: string) {
  if (onCi()) {
    throw new Error(
      `${what} tests cannot run: the Debian package ${debianPackage} is not installed, and CI=${process.env.CI} forbids skipping them. Run: apt-get install -y ${debianPackage}`,
    );
  }

  if (warned.has(what)) return;
  warned.add(what);
  process.stderr.write(
    `${what} tests skipped: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage}) to run them.\n`,
  );
}
