import { statSync } from 'node:fs';
import { join } from 'node:path';
import { TokenledgerError } from '@tokenledger/core';
import { Kysely, SqliteDialect } from 'kysely';
import { loadDriver } from '../load-driver.js';
import { withStatementCache } from './statement-cache.js';
import { registerWriteHandle } from './write-handle.js';

type DatabaseConstructor = typeof import('better-sqlite3');

/**
 * Opens a SQLite file (or `:memory:`) with better-sqlite3: WAL journal so
 * readers never wait for the writer, `synchronous = NORMAL` (durable at
 * each checkpoint, safe against corruption), a 5 s busy timeout and a
 * 64 MiB page cache (the default 2 MiB thrashes on the secondary indexes).
 * The WAL is checkpointed every 64 MiB instead of every 4 MiB: a batch of
 * events dirties a page of the per-user index for nearly every user, and a
 * checkpoint after each commit wrote those pages twice per batch (a
 * 1,000,000-line ingest spent 20 s of 70 s committing, 10 s with this).
 * After a checkpoint the WAL file is truncated back to 64 MiB.
 *
 * `readOnly` opens an existing file for reading only (no pragma that
 * writes, no migration possible), e.g. a dashboard on a database another
 * process writes.
 *
 * @see https://www.sqlite.org/wal.html
 */
export async function openSqlite(
  filename: string,
  options: { readOnly?: boolean } = {},
  // biome-ignore lint/suspicious/noExplicitAny: the schema is ours, typed by name
): Promise<Kysely<any>> {
  const Database = await loadDriver<DatabaseConstructor>(
    'better-sqlite3',
    () => import('better-sqlite3'),
  );

  let database: InstanceType<DatabaseConstructor>;
  try {
    database = options.readOnly
      ? new Database(filename, { readonly: true, fileMustExist: true })
      : new Database(filename);
  } catch (error) {
    const check = openAdvice(filename, options.readOnly === true);
    throw new TokenledgerError(
      'STORAGE_FAILED',
      `Cannot open the SQLite database ${JSON.stringify(filename)}: ${(error as Error).message}. ${check}`,
      { cause: error },
    );
  }

  try {
    // reads the header: a file that is not a SQLite database fails here
    database.pragma('schema_version');
    if (!options.readOnly) configureWriter(database, filename);
  } catch (error) {
    database.close();
    throw new TokenledgerError(
      'STORAGE_FAILED',
      `Cannot use ${JSON.stringify(filename)} as a SQLite store: ${(error as Error).message}. Give the path of a tokenledger database${options.readOnly ? '' : ', or a path where none exists yet to create one'}.`,
      { cause: error },
    );
  }
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536');

  const cached = withStatementCache(database);
  const db = new Kysely({ dialect: new SqliteDialect({ database: cached }) });
  registerWriteHandle(db, {
    prepare: (sql) => cached.prepare(sql),
    transaction: (work) => database.transaction(work),
  });

  return db;
}

/** The pragmas of a database this process writes (see {@link openSqlite}). */
function configureWriter(
  database: InstanceType<DatabaseConstructor>,
  filename: string,
): void {
  if (filename !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('wal_autocheckpoint = 16384');
  database.pragma('journal_size_limit = 67108864');
}

/** What to check when better-sqlite3 cannot open `filename`. */
function openAdvice(filename: string, readOnly: boolean): string {
  if (filename === ':memory:') {
    return 'A database in memory cannot be opened read-only: open it writable.';
  }
  if (isDirectory(filename)) {
    return `It is a directory: give a file in it, such as ${JSON.stringify(join(filename, 'tokenledger.db'))}.`;
  }

  return readOnly
    ? 'Check that the file exists and is readable.'
    : 'Check that its directory exists and is writable.';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
