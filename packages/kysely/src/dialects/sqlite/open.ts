import { TokenledgerError } from '@tokenledger/core';
import { Kysely, SqliteDialect } from 'kysely';
import { loadDriver } from '../load-driver.js';

type DatabaseConstructor = typeof import('better-sqlite3');

/**
 * Opens a SQLite file (or `:memory:`) with better-sqlite3: WAL journal so
 * readers never wait for the writer, `synchronous = NORMAL` (durable at
 * each checkpoint, safe against corruption), and a 5 s busy timeout.
 *
 * @see https://www.sqlite.org/wal.html
 */
// biome-ignore lint/suspicious/noExplicitAny: the schema is ours, typed by name
export async function openSqlite(filename: string): Promise<Kysely<any>> {
  const Database = await loadDriver<DatabaseConstructor>(
    'better-sqlite3',
    () => import('better-sqlite3'),
  );

  let database: InstanceType<DatabaseConstructor>;
  try {
    database = new Database(filename);
  } catch (error) {
    throw new TokenledgerError(
      'STORAGE_FAILED',
      `Cannot open the SQLite database ${JSON.stringify(filename)}: ${(error as Error).message}. Check that its directory exists and is writable.`,
      { cause: error },
    );
  }

  if (filename !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');

  return new Kysely({ dialect: new SqliteDialect({ database }) });
}
