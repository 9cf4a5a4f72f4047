import { TokenledgerError } from '@tokenledger/core';
import { type KyselyUsageStore, openStore } from '@tokenledger/kysely';
import { CliError } from './cli-error.js';

/**
 * Opens the store at `url`, runs `work` on it and closes it, whatever
 * happens. A store without tables fails with how to create them.
 *
 * @example
 * ```ts
 * const rows = await withStore('sqlite:./tokenledger.db', (store) => store.query({}));
 * ```
 */
export async function withStore<T>(
  url: string,
  work: (store: KyselyUsageStore) => Promise<T>,
): Promise<T> {
  const store = await openStore(url);

  try {
    return await work(store);
  } catch (error) {
    throw withMigrateHint(error, url);
  } finally {
    await store.close();
  }
}

function withMigrateHint(error: unknown, url: string): unknown {
  const missingTables =
    error instanceof TokenledgerError &&
    /no such table|doesn't exist/i.test(error.message);
  if (!missingTables) return error;

  return new CliError(
    'FAILED',
    `The store at ${url} has no tokenledger tables yet. Create them with: tokenledger migrate --db ${url}`,
    { cause: error },
  );
}
