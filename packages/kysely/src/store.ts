import {
  type AggregateQuery,
  type AggregateRow,
  type CacheCallsPage,
  type CacheCallsQuery,
  type EventCostUpdate,
  type EventsPage,
  type EventsQuery,
  type Facets,
  type InsertResult,
  type TimeSeriesPoint,
  type TimeSeriesQuery,
  TokenledgerError,
  type UsageEvent,
  type UsageFilter,
  type UsageStore,
  type UserCalls,
} from '@tokenledger/core';
import type { Kysely } from 'kysely';
import { detectDialect } from './dialects/detect.js';
import type { StoreDialect } from './dialects/types.js';
import { migrateToLatest } from './migrations/index.js';
import { readCacheCalls } from './queries/cache-calls.js';
import { readEvents } from './queries/events.js';
import { readFacets } from './queries/facets.js';
import { pruneBefore } from './queries/prune.js';
import { runQuery, runTimeSeries } from './queries/query.js';
import { readUserCosts } from './queries/user-costs.js';
import { insertEvents } from './write/insert-events.js';
import { updateCosts } from './write/update-costs.js';

/**
 * A {@link UsageStore} on Kysely, plus `migrate()` to create or upgrade its
 * tables.
 *
 * @example
 * ```ts
 * const store: KyselyUsageStore = await openStore('sqlite:./tokenledger.db');
 * await store.migrate();
 * ```
 * @see docs/storage.md
 */
export interface KyselyUsageStore extends UsageStore {
  /**
   * Brings the schema up to date; idempotent and memoised (a failed run is
   * retried on the next call). Resolves to the migrations it applied.
   */
  migrate(): Promise<string[]>;
  /**
   * Replaces the cost fields of stored events and moves their amounts in
   * the rollups, in one transaction; unknown ids are skipped. Resolves to
   * the number of events updated.
   */
  updateCosts(updates: readonly EventCostUpdate[]): Promise<number>;
  /** Pages of events narrowed to what the cache diagnosis reads (up to 50,000 a page). */
  cacheCalls(query: CacheCallsQuery): Promise<CacheCallsPage>;
  /** Each user's calls and exact cost under a filter, unordered. */
  userCosts(query: { filter?: UsageFilter }): Promise<UserCalls[]>;
}

/**
 * Options of {@link createKyselyStore}.
 *
 * @example
 * ```ts
 * const options: KyselyStoreOptions = { db, destroyOnClose: true };
 * ```
 */
export interface KyselyStoreOptions {
  /** A Kysely instance on SQLite or MySQL/MariaDB. */
  // biome-ignore lint/suspicious/noExplicitAny: any schema; our tables are named apart
  db: Kysely<any>;
  /** Destroy `db` (and `readDb`) on `close()`. Default `false`: the caller owns them. */
  destroyOnClose?: boolean;
  /**
   * Where the read methods (query, timeSeries, events, cacheCalls, userCosts, facets)
   * run instead of `db`: another Kysely instance on the same database, such
   * as {@link openSqliteReaders}' reader threads. Writes, migrations and
   * pruning always use `db`. Default: `db` for everything.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any schema; our tables are named apart
  readDb?: Kysely<any>;
}

/**
 * Builds a store on a Kysely instance you already have (SQLite or
 * MySQL/MariaDB). Call `migrate()` once before the first insert.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { Kysely, SqliteDialect } from 'kysely';
 *
 * // withStatementCache: the SQLite writer reuses its prepared statements
 * const database = withStatementCache(new Database('usage.db'));
 * const db = new Kysely({ dialect: new SqliteDialect({ database }) });
 * const store = await createKyselyStore({ db });
 * await store.migrate();
 * ```
 * @see docs/storage.md
 */
export async function createKyselyStore(
  options: KyselyStoreOptions,
): Promise<KyselyUsageStore> {
  if (!options?.db || typeof options.db.getExecutor !== 'function') {
    throw new TokenledgerError(
      'INVALID_OPTIONS',
      'createKyselyStore needs { db: Kysely } on SQLite or MySQL, or use openStore(url).',
    );
  }

  const dialect = detectDialect(options.db);
  if (options.readDb && detectDialect(options.readDb) !== dialect) {
    throw new TokenledgerError(
      'INVALID_OPTIONS',
      `createKyselyStore needs db and readDb on one database; got ${dialect.name} and ${detectDialect(options.readDb).name}.`,
    );
  }

  return new KyselyStore(options.db, options.readDb ?? options.db, {
    dialect,
    destroyOnClose: options.destroyOnClose ?? false,
  });
}

class KyselyStore implements KyselyUsageStore {
  readonly #db: Kysely<unknown>;
  readonly #readDb: Kysely<unknown>;
  readonly #dialect: StoreDialect;
  readonly #destroyOnClose: boolean;
  #migration: Promise<string[]> | undefined;
  #closing: Promise<void> | undefined;

  constructor(
    db: Kysely<unknown>,
    readDb: Kysely<unknown>,
    options: { dialect: StoreDialect; destroyOnClose: boolean },
  ) {
    this.#db = db;
    this.#readDb = readDb;
    this.#dialect = options.dialect;
    this.#destroyOnClose = options.destroyOnClose;
  }

  migrate(): Promise<string[]> {
    this.#migration ??= this.#run('migrate the schema', (db) =>
      migrateToLatest(db),
    ).catch((error: unknown) => {
      this.#migration = undefined;
      throw error;
    });

    return this.#migration;
  }

  insertEvents(events: readonly UsageEvent[]): Promise<InsertResult> {
    return this.#run('insert events', (db) =>
      insertEvents(db, this.#dialect, events),
    );
  }

  query(query: AggregateQuery): Promise<AggregateRow[]> {
    return this.#read('query usage', (db) =>
      runQuery(db, this.#dialect, query ?? {}),
    );
  }

  timeSeries(query: TimeSeriesQuery): Promise<TimeSeriesPoint[]> {
    return this.#read('read a time series', (db) =>
      runTimeSeries(db, this.#dialect, query ?? ({} as TimeSeriesQuery)),
    );
  }

  events(query: EventsQuery): Promise<EventsPage> {
    return this.#read('read events', (db) =>
      readEvents(db, this.#dialect, query ?? ({} as EventsQuery)),
    );
  }

  cacheCalls(query: CacheCallsQuery): Promise<CacheCallsPage> {
    return this.#read('read calls for the cache diagnosis', (db) =>
      readCacheCalls(db, this.#dialect, query ?? ({} as CacheCallsQuery)),
    );
  }

  userCosts(query: { filter?: UsageFilter }): Promise<UserCalls[]> {
    return this.#read("read users' calls and cost", (db) =>
      readUserCosts(db, this.#dialect, query ?? {}),
    );
  }

  facets(query?: { filter?: UsageFilter }): Promise<Facets> {
    return this.#read('read facets', (db) =>
      readFacets(db, this.#dialect, query?.filter),
    );
  }

  prune(options: { olderThan: Date }): Promise<number> {
    return this.#run('prune events', (db) =>
      pruneBefore(db, this.#dialect, options?.olderThan),
    );
  }

  updateCosts(updates: readonly EventCostUpdate[]): Promise<number> {
    return this.#run('update costs', (db) =>
      updateCosts(db, this.#dialect, updates),
    );
  }

  close(): Promise<void> {
    this.#closing ??= this.#destroyOnClose
      ? this.#destroy()
      : Promise.resolve();

    return this.#closing;
  }

  async #destroy(): Promise<void> {
    if (this.#readDb !== this.#db) await this.#readDb.destroy();

    await this.#db.destroy();
  }

  #read<T>(
    action: string,
    // biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
    work: (db: Kysely<any>) => Promise<T>,
  ): Promise<T> {
    return this.#run(action, work, this.#readDb);
  }

  async #run<T>(
    action: string,
    // biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
    work: (db: Kysely<any>) => Promise<T>,
    db = this.#db,
  ): Promise<T> {
    if (this.#closing) {
      throw new TokenledgerError(
        'SHUT_DOWN',
        `Cannot ${action}: this store is closed. Open a new one with openStore(url) or createKyselyStore({ db }).`,
      );
    }

    try {
      return await work(db);
    } catch (error) {
      throw storageError(action, error);
    }
  }
}

function storageError(action: string, error: unknown): TokenledgerError {
  if (error instanceof TokenledgerError) return error;

  const message = error instanceof Error ? error.message : String(error);
  const missingTable = /no such table|doesn't exist/i.test(message);
  const hint = missingTable
    ? ' The tables are missing: run await store.migrate() first.'
    : '';

  return new TokenledgerError(
    'STORAGE_FAILED',
    `Could not ${action}: ${message}.${hint}`,
    {
      cause: error,
    },
  );
}
