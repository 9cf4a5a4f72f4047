import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import {
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { moduleDir } from '../../module-dir.js';
import { closedError, ThreadReader } from './reader-thread.js';

/** Options of {@link openSqliteReaders}. */
export interface SqliteReadersOptions {
  /** Reader threads, each with its own read-only connection. */
  threads: number;
}

/**
 * A Kysely instance that reads the SQLite file on `threads` worker threads,
 * each holding a read-only connection. Reads asked at once (an
 * explanation's two windows, a page's API calls) then run side by side on
 * several cores instead of one after another on the main thread, which
 * stays free for JavaScript meanwhile. Each statement costs a hop between
 * threads (about 0.1 ms), which is why the main thread reads nothing here:
 * SQL run there would stall the JavaScript of every other request. A
 * transaction keeps its thread until it ends, so a read in several steps
 * sees one snapshot (WAL gives each reader its own). It cannot write: the
 * store writes through its own connection. The threads start with the
 * first query (a process that only writes never starts one), keep the
 * process alive only while a query runs, and end with `destroy()`.
 *
 * @example
 * ```ts
 * const readDb = openSqliteReaders('./tokenledger.db', { threads: 2 });
 * await readDb.selectFrom('usage_events').select('id').limit(1).execute();
 * await readDb.destroy();
 * ```
 */
export function openSqliteReaders(
  filename: string,
  options: SqliteReadersOptions,
  // biome-ignore lint/suspicious/noExplicitAny: the schema is ours, typed by name
): Kysely<any> {
  // the threads open the file later: resolved now, a later chdir cannot
  // send them to another file
  const driver = new ReadPoolDriver(resolve(filename), options.threads);

  return new Kysely({ dialect: readPoolDialect(driver) });
}

function readPoolDialect(driver: ReadPoolDriver): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

/** Hands out the reader threads, one caller at a time each. */
class ReadPoolDriver implements Driver {
  readonly #filename: string;
  readonly #threads: number;
  readonly #readers: ThreadReader[] = [];
  readonly #busy = new Set<ThreadReader>();
  readonly #waiting: {
    resolve(reader: ThreadReader): void;
    reject(error: Error): void;
  }[] = [];
  #started: Promise<void> | undefined;
  #destroyed = false;
  #drained: (() => void) | undefined;

  constructor(filename: string, threads: number) {
    this.#filename = filename;
    this.#threads = threads;
  }

  // A start that failed is tried again by the next read.
  init(): Promise<void> {
    this.#started ??= this.#start().catch((error: unknown) => {
      this.#started = undefined;
      throw error;
    });

    return this.#started;
  }

  async #start(): Promise<void> {
    const driverPath = createRequire(join(moduleDir(), 'index.js')).resolve(
      'better-sqlite3',
    );
    const starting = Array.from({ length: this.#threads }, () =>
      ThreadReader.start(this.#filename, driverPath),
    );

    const settled = await Promise.allSettled(starting);
    const readers: ThreadReader[] = [];
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') readers.push(outcome.value);
    }
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed || this.#destroyed) {
      await Promise.all(readers.map((reader) => reader.close()));
      throw failed ? failed.reason : closedError();
    }

    this.#readers.push(...readers);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#destroyed) throw closedError();

    const free = this.#readers.find((reader) => !this.#busy.has(reader));
    if (free) {
      this.#busy.add(free);
      return free;
    }

    return new Promise((resolve, reject) =>
      this.#waiting.push({ resolve, reject }),
    );
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const reader = connection as ThreadReader;
    const next = this.#waiting.shift();

    if (next) next.resolve(reader);
    else this.#busy.delete(reader);
    if (this.#busy.size === 0) this.#drained?.();
  }

  // Sent without waiting for its answer: the thread runs statements in
  // order, and the transaction's first statement reports a failed begin.
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as ThreadReader).runAhead('begin');
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as ThreadReader).run('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as ThreadReader).run('rollback');
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    for (const waiting of this.#waiting.splice(0))
      waiting.reject(closedError());
    await this.#started?.catch(() => undefined);
    // reads under way finish first: a thread ended mid-statement would
    // fail them with nothing gained
    if (this.#busy.size > 0) {
      await new Promise<void>((resolve) => {
        this.#drained = resolve;
      });
    }
    await Promise.all(this.#readers.map((reader) => reader.close()));
    this.#readers.length = 0;
  }
}
