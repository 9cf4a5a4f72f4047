import { TokenledgerError } from '@tokenledger/core';
import { type Kysely, sql } from 'kysely';
import { type MysqlPoolOptions, openMysql } from './dialects/mysql/open.js';
import { openSqlite } from './dialects/sqlite/open.js';
import { openSqliteReaders } from './dialects/sqlite/read-pool.js';
import { createKyselyStore, type KyselyUsageStore } from './store.js';
import { parseStoreUrl, redact } from './store-url.js';

/**
 * Options of {@link openStore}; the pool options apply to MySQL only.
 *
 * @example
 * ```ts
 * await openStore(url, { maxConnections: 20, connectTimeoutMs: 5_000 });
 * await openStore('sqlite:./usage.db', { readOnly: true });
 * ```
 */
export interface OpenStoreOptions extends MysqlPoolOptions {
  /**
   * SQLite only: open an existing file read-only, e.g. to serve a dashboard
   * on a database another process writes. Inserts and `migrate()` then
   * fail. Default `false`.
   */
  readOnly?: boolean;
  /**
   * SQLite files only: threads that run the read queries, each on its own
   * read-only connection, so reads asked together run side by side (see
   * {@link openSqliteReaders}). They start with the first read. 0 reads on
   * the main thread, through the connection that writes. Default 2.
   * `sqlite::memory:` always reads on the main thread (a memory database
   * cannot be shared).
   */
  readerThreads?: number;
}

/**
 * Opens a store from a URL: `sqlite:./tokenledger.db` (embedded, the
 * default), `sqlite::memory:` or `mysql://user:password@host:3306/db`
 * (`mariadb://` too). Checks the connection before it resolves, so a bad
 * URL or an unreachable server fails here with a clear error. Call
 * `migrate()` before the first insert.
 *
 * @example
 * ```ts
 * const store = await openStore('sqlite:./tokenledger.db');
 * await store.migrate();
 * const rows = await store.query({ groupBy: ['endpoint'] });
 * await store.close();
 * ```
 * @see docs/storage.md
 */
export async function openStore(
  url: string,
  options: OpenStoreOptions = {},
): Promise<KyselyUsageStore> {
  const location = parseStoreUrl(url);
  const threads = readerThreads(options.readerThreads);
  const db =
    location.dialect === 'sqlite'
      ? await openSqlite(location.filename, {
          readOnly: options.readOnly ?? false,
        })
      : await openMysql(location.uri, options);

  await checkConnection(db, url);

  const shared = location.dialect === 'sqlite' && isFile(location.filename);
  const readDb =
    shared && threads > 0
      ? openSqliteReaders(location.filename, { threads })
      : undefined;

  return createKyselyStore({
    db,
    ...(readDb ? { readDb } : {}),
    destroyOnClose: true,
  });
}

const DEFAULT_READER_THREADS = 2;

function readerThreads(threads: number | undefined): number {
  if (threads === undefined) return DEFAULT_READER_THREADS;
  if (Number.isInteger(threads) && threads >= 0 && threads <= 64) {
    return threads;
  }

  throw new TokenledgerError(
    'INVALID_OPTIONS',
    `readerThreads must be a whole number from 0 to 64, got ${typeof threads === 'string' ? JSON.stringify(threads) : String(threads)}. Give 0 to read on the main thread.`,
  );
}

// SQLite's memory and temporary databases live in their connection only.
function isFile(filename: string): boolean {
  return (
    filename !== ':memory:' &&
    filename !== '' &&
    !filename.startsWith('file::memory:')
  );
}

// biome-ignore lint/suspicious/noExplicitAny: no schema needed for a ping
async function checkConnection(db: Kysely<any>, url: string) {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);

    const reason =
      (error as { code?: string }).code ?? (error as Error).message;
    throw new TokenledgerError(
      'STORAGE_FAILED',
      `Cannot reach the store at ${redact(url)} (${reason}). Check that the server is running and the host, port, user, password and database in the URL are right.`,
      { cause: error },
    );
  }
}
