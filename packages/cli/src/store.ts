import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { TokenledgerError } from '@tokenledger/core';
import {
  type KyselyUsageStore,
  openStore,
  parseStoreUrl,
} from '@tokenledger/kysely';
import { CliError } from './cli-error.js';

/**
 * How {@link withStore} opens a store: commands that only read pass
 * `create: false`, so a mistyped SQLite path fails instead of leaving an
 * empty database file behind.
 *
 * @example
 * ```ts
 * const options: WithStoreOptions = { create: true };
 * ```
 */
export interface WithStoreOptions {
  /** Create a missing SQLite file. Default `false`. */
  create?: boolean;
}

/**
 * Opens the store at `url`, runs `work` on it and closes it, whatever
 * happens. A missing SQLite file (unless `create`) or a store without
 * tables fails with how to create them.
 *
 * @example
 * ```ts
 * const rows = await withStore('sqlite:./tokenledger.db', (store) => store.query({}));
 * ```
 */
export async function withStore<T>(
  url: string,
  work: (store: KyselyUsageStore) => Promise<T>,
  options: WithStoreOptions = {},
): Promise<T> {
  if (!options.create) assertSqliteFile(url);
  const store = await openStore(url);

  try {
    return await work(store);
  } catch (error) {
    throw withMigrateHint(error, url);
  } finally {
    await store.close();
  }
}

/**
 * The URL with its password masked, for messages.
 *
 * @example
 * ```ts
 * redactUrl('mysql://app:secret@db:3306/usage'); // 'mysql://app:***@db:3306/usage'
 * ```
 */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function assertSqliteFile(url: string): void {
  const location = parseStoreUrl(url);
  if (location.dialect !== 'sqlite' || location.filename === ':memory:') {
    return;
  }
  if (existsSync(location.filename)) return;

  const directory = dirname(location.filename);
  const create = existsSync(directory)
    ? `create it with: tokenledger migrate --db ${url}`
    : `create its directory ${directory} and then the database with: tokenledger migrate --db ${url}`;
  throw new CliError(
    'FAILED',
    `No database at ${location.filename}. Check the --db path, or ${create}`,
  );
}

function withMigrateHint(error: unknown, url: string): unknown {
  const missingTables =
    error instanceof TokenledgerError &&
    /no such table|doesn't exist/i.test(error.message);
  if (!missingTables) return error;

  const shown = redactUrl(url);
  return new CliError(
    'FAILED',
    `The store at ${shown} has no tokenledger tables yet. Create them with: tokenledger migrate --db ${shown}`,
    { cause: error },
  );
}
