import { Worker } from 'node:worker_threads';
import { TokenledgerError } from '@tokenledger/core';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';

/**
 * How much of the file a reader maps into memory (SQLite's own ceiling,
 * 2 GiB less 64 KiB in better-sqlite3's build): pages are then read from
 * the operating system's cache in place instead of copied into each
 * connection's page cache. On the 10,000,000-event bench every page call
 * ran 10-17% faster (the 7-day explanation 211 -> 175 ms). The mapping is
 * address space, not heap: the pages are the shared, evictable file cache.
 *
 * @see https://www.sqlite.org/mmap.html
 */
const MMAP_BYTES = 2_147_418_112;

/**
 * What one reader thread runs: a read-only better-sqlite3 connection on the
 * file, the same cache and busy timeout as the main connection, the file
 * mapped into memory ({@link MMAP_BYTES}), prepared
 * statements kept by their text (the 64 most recently used), and one
 * message per statement: `{ id, sql, parameters }` in; out `{ id, table }`
 * (rows as one array per column: copying 30,000 rows between threads took
 * 8 ms so, 27 ms as row objects), `{ id, result }` for a statement that
 * reads nothing, or `{ id, error }`. Plain CommonJS, so that it runs from
 * the sources (tests) and from either build alike.
 */
const READER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
let database;
try {
  database = new Database(workerData.filename, { readonly: true, fileMustExist: true });
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536');
  database.pragma('mmap_size = ${MMAP_BYTES}');
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, message: String(error && error.message) });
}
const statements = new Map();
function prepared(sql) {
  let statement = statements.get(sql);
  if (statement) statements.delete(sql);
  else statement = database.prepare(sql);
  statements.set(sql, statement);
  if (statements.size > 64) statements.delete(statements.keys().next().value);
  return statement;
}
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    const statement = prepared(sql);
    if (statement.reader) {
      const names = statement.columns().map((column) => column.name);
      const rows = statement.raw(true).all(parameters);
      const columns = names.map((_, at) => rows.map((row) => row[at]));
      parentPort.postMessage({ id, table: { names, columns, count: rows.length } });
      return;
    }
    const { changes, lastInsertRowid } = statement.run(parameters);
    parentPort.postMessage({ id, result: {
      rows: [],
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
    } });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

interface Pending {
  resolve(result: QueryResult<unknown>): void;
  reject(error: Error): void;
}

/** One reader thread, as a connection. */
export class ThreadReader implements DatabaseConnection {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #exited: Error | undefined;
  #ahead: Promise<Error | undefined> | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message) => this.#settle(message));
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) =>
      this.#fail(new Error(`the reader thread exited with code ${code}`)),
    );
  }

  /** Starts a reader thread and resolves once its connection is open. */
  static start(filename: string, driverPath: string): Promise<ThreadReader> {
    const worker = new Worker(READER_SOURCE, {
      eval: true,
      // none of the process's flags: Node refuses some in a thread (say
      // --max-old-space-size), and --input-type=module would run the
      // CommonJS source as a module
      execArgv: [],
      workerData: { filename, driverPath },
    });

    return new Promise((resolve, reject) => {
      const opened = (message: { ready?: boolean; message?: string }) => {
        worker.off('error', failed);
        if (message.ready) {
          const reader = new ThreadReader(worker);
          // after its listeners: adding one refs the thread's port again
          worker.unref();
          resolve(reader);
          return;
        }
        void worker.terminate();
        reject(cannotOpen(filename, message.message));
      };
      const failed = (error: Error) =>
        reject(cannotOpen(filename, error.message));
      worker.once('message', opened);
      worker.once('error', failed);
      worker.once('exit', (code) =>
        reject(
          cannotOpen(filename, `the reader thread exited with code ${code}`),
        ),
      );
    });
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return this.#afterAhead(
      this.#send(compiledQuery.sql, compiledQuery.parameters),
    ) as Promise<QueryResult<R>>;
  }

  run(sql: string): Promise<QueryResult<unknown>> {
    return this.#afterAhead(this.#send(sql, []));
  }

  /**
   * `result`, unless the statement sent ahead of it failed: then that
   * error (and `result`'s own failure, if any, is not left unhandled).
   */
  async #afterAhead(
    result: Promise<QueryResult<unknown>>,
  ): Promise<QueryResult<unknown>> {
    try {
      await this.#settleAhead();
    } catch (error) {
      result.catch(() => undefined);
      throw error;
    }

    return result;
  }

  /** Sends a statement whose failure the next statement reports. */
  runAhead(sql: string): void {
    this.#ahead = this.#send(sql, []).then(
      () => undefined,
      (error: Error) => error,
    );
  }

  // Its answer came before the next statement's: no extra wait.
  async #settleAhead(): Promise<void> {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    const error = await ahead;
    if (error) throw error;
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw noStreaming();
  }

  close(): Promise<number> {
    this.#fail(closedError());

    return this.#worker.terminate();
  }

  #send(
    sql: string,
    parameters: readonly unknown[],
  ): Promise<QueryResult<unknown>> {
    const answer = this.#exited
      ? Promise.reject(this.#exited)
      : this.#post(sql, parameters);
    // Its caller handles a failure, but close() can reject it before the
    // caller has got past the statement sent ahead of it.
    answer.catch(() => undefined);

    return answer;
  }

  #post(
    sql: string,
    parameters: readonly unknown[],
  ): Promise<QueryResult<unknown>> {
    const id = this.#nextId++;
    // the thread holds the process open only while it has work
    if (this.#pending.size === 0) this.#worker.ref();

    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, sql, parameters });
    });
  }

  #settle(message: {
    id: number;
    table?: ColumnTable;
    result?: QueryResult<unknown>;
    error?: { message: string; code?: string };
  }): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;

    this.#pending.delete(message.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (message.table) pending.resolve({ rows: rowsOf(message.table) });
    else if (message.result) pending.resolve(message.result);
    else pending.reject(readerError(message.error));
  }

  #fail(error: Error): void {
    this.#exited ??= error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

/** Result rows as a reader thread sends them: one array per column. */
interface ColumnTable {
  names: string[];
  columns: unknown[][];
  count: number;
}

/** The row objects of a column table, each built with the same shape. */
function rowsOf({ names, columns, count }: ColumnTable): unknown[] {
  const rows = new Array<Record<string, unknown>>(count);

  for (let at = 0; at < count; at++) {
    const row: Record<string, unknown> = {};
    for (let column = 0; column < names.length; column++) {
      row[names[column] as string] = (columns[column] as unknown[])[at];
    }
    rows[at] = row;
  }

  return rows;
}

/** The error a statement failed with in the thread, as SQLite said it. */
function readerError(error: { message: string; code?: string } | undefined) {
  const failure = new Error(error?.message ?? 'the statement failed');
  if (error?.code) (failure as Error & { code?: string }).code = error.code;

  return failure;
}

export function closedError() {
  return new TokenledgerError(
    'SHUT_DOWN',
    'The store was closed while this read ran. Open a new one with openStore(url) to read again.',
  );
}

function noStreaming() {
  return new TokenledgerError(
    'INVALID_OPTIONS',
    'The SQLite readers do not stream results; read pages with limit instead.',
  );
}

function cannotOpen(filename: string, reason: string | undefined) {
  return new TokenledgerError(
    'STORAGE_FAILED',
    `Cannot open the SQLite database ${JSON.stringify(filename)} for reading: ${reason}. Check that the file exists and is readable.`,
  );
}
