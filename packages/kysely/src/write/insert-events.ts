import {
  type InsertResult,
  TokenledgerError,
  type UsageEvent,
} from '@tokenledger/core';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import {
  type SqliteWriteHandle,
  writeHandleOf,
} from '../dialects/sqlite/write-handle.js';
import type { InlineValues, StoreDialect } from '../dialects/types.js';
import {
  ALL_USERS_KEY_COLUMNS,
  ALL_USERS_ROLLUP_TABLE,
  DAILY_USER_KEY_COLUMNS,
  DAILY_USER_ROLLUP_TABLE,
  EVENT_COLUMNS,
  EVENTS_TABLE,
  ROLLUP_MEASURES,
  ROLLUP_TABLES,
  type RollupTable,
  rollupBucket,
  USER_KEY_COLUMNS,
  USER_ROLLUP_TABLE,
} from '../schema/tables.js';
import {
  checkCounts,
  checkKeys,
  eventRowValues,
  eventTimeMs,
  readEventCosts,
} from './event-row.js';
import {
  type PreparedEvent,
  type RollupDelta,
  rollupDeltas,
} from './rollup-rows.js';

/** Rows per multi-row statement: 500 events bind 20,500 values (SQLite allows 32,766). */
export const INSERT_CHUNK_SIZE = 500;

/** A concurrent writer may insert the same id between our check and insert. */
const MAX_ATTEMPTS = 3;

// biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
type AnyDb = Kysely<any>;

/**
 * Inserts events idempotently by id and adds the new ones to every rollup
 * (hourly per user, hourly for all users, daily per user) in the same
 * transaction, so a retried batch counts once. On MySQL one multi-row
 * statement per chunk of {@link INSERT_CHUNK_SIZE} (and, for a chunk with
 * stored ids, a check and a second one), on SQLite one prepared single-row
 * statement per event.
 */
export async function insertEvents(
  db: AnyDb,
  dialect: StoreDialect,
  events: readonly UsageEvent[],
): Promise<InsertResult> {
  if (!Array.isArray(events)) {
    throw new TokenledgerError(
      'INVALID_OPTIONS',
      `insertEvents needs an array of events, got ${typeof events}.`,
    );
  }
  if (events.length === 0) return { inserted: 0, duplicates: 0 };

  const unique = prepareUnique(events);
  const handle = writeHandleOf(db);
  if (handle)
    return insertSynchronously(db, handle, dialect, unique, events.length);

  const inline = await dialect.valueInliner();

  for (let attempt = 1; ; attempt++) {
    try {
      const inserted = await db
        .transaction()
        .execute((trx) => writeNewEvents(trx, dialect, unique, inline));

      return { inserted, duplicates: events.length - inserted };
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !dialect.isRetryableWriteError(error)) {
        throw error;
      }
    }
  }
}

/**
 * SQLite opened by `openSqlite`: the whole batch as one synchronous
 * better-sqlite3 transaction on the database behind `db`, holding Kysely's
 * connection meanwhile so that no Kysely query interleaves. The same
 * statements as the Kysely path (a single-row insert per event that skips
 * stored ids, then the rollup upserts of the new events), without a Kysely
 * query and a promise per statement: 500 of them were a tenth of a batch.
 */
async function insertSynchronously(
  db: AnyDb,
  handle: SqliteWriteHandle,
  dialect: StoreDialect,
  unique: PreparedEvent[],
  received: number,
): Promise<InsertResult> {
  const write = handle.transaction(() => {
    const text = insertSql(dialect, EVENTS_TABLE, EVENT_COLUMNS, 1, () =>
      String(dialect.skipStoredIdClause),
    );
    const statement = handle.prepare(text);
    const fresh = unique.filter((p) => {
      const values = eventRowValues(p.event, p.timeMs, p.costs, dialect);
      return statement.run(values).changes === 1;
    });

    for (const upsert of rollupUpserts(dialect, fresh, undefined)) {
      handle.prepare(upsert.sql).run(upsert.parameters as unknown[]);
    }

    return fresh.length;
  });
  const inserted = await db.connection().execute(async () => write());

  return { inserted, duplicates: received - inserted };
}

function prepareUnique(events: readonly UsageEvent[]): PreparedEvent[] {
  const byId = new Map<string, PreparedEvent>();

  for (const event of events) {
    checkKeys(event);
    if (byId.has(event.id)) continue;

    checkCounts(event);
    byId.set(event.id, {
      event,
      timeMs: eventTimeMs(event),
      costs: readEventCosts(event),
    });
  }

  return [...byId.values()];
}

async function writeNewEvents(
  trx: Transaction<unknown>,
  dialect: StoreDialect,
  events: PreparedEvent[],
  inline: InlineValues | undefined,
): Promise<number> {
  const fresh: PreparedEvent[] = [];
  const all = [...chunks(events, INSERT_CHUNK_SIZE)];
  // never undefined: insertEvents returns early for an empty batch
  const last = all.pop() as PreparedEvent[];

  for (const chunk of all) {
    fresh.push(...(await insertChunk(trx, dialect, chunk)));
  }
  const { inserted, upserts } = await insertWhileSumming(trx, dialect, {
    fresh,
    last,
    inline,
  });

  for (const upsert of upserts) await trx.executeQuery(upsert);

  return fresh.length + inserted;
}

function insertChunk(
  trx: Transaction<unknown>,
  dialect: StoreDialect,
  chunk: PreparedEvent[],
): Promise<PreparedEvent[]> {
  return dialect.skipStoredIdClause
    ? insertEachSkippingStored(trx, dialect, chunk)
    : insertExpectingNew(trx, dialect, chunk);
}

/**
 * Inserts the last chunk and, while the server works on it, sums every
 * rollup as if all of the chunk were new and builds the upsert statements
 * (on MySQL with their values already formatted): that JavaScript then
 * costs no time of its own. Sums again only if some ids were stored.
 */
async function insertWhileSumming(
  trx: Transaction<unknown>,
  dialect: StoreDialect,
  batch: {
    fresh: PreparedEvent[];
    last: PreparedEvent[];
    inline: InlineValues | undefined;
  },
) {
  const { fresh, last, inline } = batch;
  const writing = insertChunk(trx, dialect, last);
  let upserts: CompiledQuery[];
  try {
    upserts = rollupUpserts(dialect, [...fresh, ...last], inline);
  } catch (error) {
    // Let the insert finish first: a rollback must not overtake it.
    await writing.catch(() => undefined);
    throw error;
  }

  const inserted = await writing;
  if (inserted.length !== last.length) {
    upserts = rollupUpserts(dialect, [...fresh, ...inserted], inline);
  }

  return { inserted: inserted.length, upserts };
}

/** Every rollup's upsert statements for the new events, table by table. */
function rollupUpserts(
  dialect: StoreDialect,
  events: PreparedEvent[],
  inline: InlineValues | undefined,
): CompiledQuery[] {
  return ROLLUP_TABLES.flatMap((table) => {
    const deltas = rollupDeltas(events, table);
    if (dialect.sortsRollupRows) deltas.sort(byPrimaryKey);

    return upsertStatements(dialect, table, deltas, inline);
  });
}

/** Rollup rows in primary key order: bucket start, then key hash. */
function byPrimaryKey(a: RollupDelta, b: RollupDelta): number {
  const [hashA, startA] = a.key as [string, number];
  const [hashB, startB] = b.key as [string, number];
  if (startA !== startB) return startA - startB;

  return hashA < hashB ? -1 : hashA > hashB ? 1 : 0;
}

/**
 * SQLite: one prepared single-row statement per event that skips an id
 * already stored and so changes no row; the change count tells which events
 * were new. In-process, a statement costs no round trip, and this ran 20%
 * faster than checking the ids and inserting 500 rows per statement.
 */
async function insertEachSkippingStored(
  trx: Transaction<unknown>,
  dialect: StoreDialect,
  chunk: PreparedEvent[],
): Promise<PreparedEvent[]> {
  const text = insertSql(dialect, EVENTS_TABLE, EVENT_COLUMNS, 1, () =>
    String(dialect.skipStoredIdClause),
  );
  const inserted: PreparedEvent[] = [];

  for (const p of chunk) {
    const values = eventRowValues(p.event, p.timeMs, p.costs, dialect);
    const result = await trx.executeQuery(CompiledQuery.raw(text, values));
    if (result.numAffectedRows === 1n) inserted.push(p);
  }

  return inserted;
}

/**
 * MySQL: inserts the whole chunk in one multi-row statement, as if none of
 * its ids were stored (the common case), which spares the round trip of
 * checking them first. If one is stored the statement fails with a
 * duplicate key and InnoDB rolls back that statement only (not the
 * transaction, and without the savepoint a round trip would cost); then
 * the ids are checked and only the new events inserted.
 *
 * @see https://dev.mysql.com/doc/refman/8.0/en/innodb-error-handling.html
 */
async function insertExpectingNew(
  trx: Transaction<unknown>,
  dialect: StoreDialect,
  chunk: PreparedEvent[],
): Promise<PreparedEvent[]> {
  try {
    await insertRows(trx, dialect, chunk);
    return chunk;
  } catch (error) {
    if (!dialect.isDuplicateKeyError(error)) throw error;

    return insertAfterCheck(trx, dialect, chunk);
  }
}

/**
 * Selects the chunk's stored ids, then inserts the other events. A
 * concurrent writer that inserts one of them in between makes the insert
 * fail with a duplicate key, and `insertEvents` retries the transaction.
 */
async function insertAfterCheck(
  trx: Transaction<unknown>,
  dialect: StoreDialect,
  chunk: PreparedEvent[],
): Promise<PreparedEvent[]> {
  const stored = await storedIds(trx as AnyDb, chunk);
  const newEvents = chunk.filter((p) => !stored.has(p.event.id));
  if (newEvents.length > 0) await insertRows(trx, dialect, newEvents);

  return newEvents;
}

/** Inserts events in one multi-row statement. */
async function insertRows(
  trx: Transaction<unknown>,
  dialect: StoreDialect,
  events: PreparedEvent[],
) {
  const values: unknown[] = [];
  for (const p of events) {
    values.push(...eventRowValues(p.event, p.timeMs, p.costs, dialect));
  }

  await run(
    trx,
    insertSql(dialect, EVENTS_TABLE, EVENT_COLUMNS, events.length),
    values,
  );
}

async function storedIds(trx: AnyDb, chunk: PreparedEvent[]) {
  const rows = await trx
    .selectFrom(EVENTS_TABLE)
    .select('id')
    .where(
      'id',
      'in',
      chunk.map((p) => p.event.id),
    )
    .execute();

  return new Set(rows.map((row) => String(row.id)));
}

/** Adds rollup deltas onto their rows (negative deltas subtract). */
export async function upsertRollups(
  trx: Kysely<unknown>,
  dialect: StoreDialect,
  table: RollupTable,
  deltas: RollupDelta[],
) {
  // One statement at a time: none can outlive a failed one.
  for (const upsert of upsertStatements(dialect, table, deltas)) {
    await trx.executeQuery(upsert);
  }
}

/**
 * The upserts that add `deltas` onto `table`, in chunks of the dialect's
 * {@link StoreDialect.rollupChunkRows}, with the values written into the
 * text when `inline` is given.
 */
function upsertStatements(
  dialect: StoreDialect,
  table: RollupTable,
  deltas: RollupDelta[],
  inline?: InlineValues,
): CompiledQuery[] {
  const statements: CompiledQuery[] = [];

  for (const chunk of chunks(deltas, dialect.rollupChunkRows)) {
    const text = rollupSql(dialect, table, chunk.length);
    const values = rollupValues(dialect, chunk);
    statements.push(
      inline
        ? CompiledQuery.raw(inline(text, values), [])
        : CompiledQuery.raw(text, values),
    );
  }

  return statements;
}

function rollupValues(dialect: StoreDialect, deltas: RollupDelta[]) {
  const values: unknown[] = [];
  for (const delta of deltas) {
    values.push(...delta.key);
    for (const measure of delta.measures) {
      values.push(dialect.nanoParam(measure));
    }
  }

  return values;
}

function rollupSql(dialect: StoreDialect, table: RollupTable, rows: number) {
  return insertSql(dialect, table, ROLLUP_COLUMNS[table], rows, () =>
    dialect.rollupUpsertClause(
      [rollupBucket(table).column, 'key_hash'],
      ROLLUP_MEASURES,
    ),
  );
}

/**
 * The columns of a rollup insert: the key in `RollupDelta.key` order, then
 * the measures. Built once, not for every statement of every batch.
 */
const ROLLUP_COLUMNS: Readonly<Record<RollupTable, readonly string[]>> = {
  [USER_ROLLUP_TABLE]: ['key_hash', ...USER_KEY_COLUMNS, ...ROLLUP_MEASURES],
  [ALL_USERS_ROLLUP_TABLE]: [
    'key_hash',
    ...ALL_USERS_KEY_COLUMNS,
    ...ROLLUP_MEASURES,
  ],
  [DAILY_USER_ROLLUP_TABLE]: [
    'key_hash',
    ...DAILY_USER_KEY_COLUMNS,
    ...ROLLUP_MEASURES,
  ],
};

// Only full chunks and single rows are cached: a few texts per table and
// dialect, not one per size. The driver's statement cache looks texts up by
// value, so handing it the same string object each time also spares it
// hashing 100 kB of SQL.
const sqlCache = new Map<string, string>();

/**
 * A multi-row INSERT built only from our own identifiers and placeholders,
 * followed by `suffix()` (an upsert clause) if given.
 */
function insertSql(
  dialect: StoreDialect,
  table: string,
  columns: readonly string[],
  rows: number,
  suffix?: () => string,
): string {
  // Each table has one suffix per dialect (its upsert or skip clause, or
  // none), so whether there is one tells the texts apart.
  const cacheKey = `${dialect.name}:${table}:${rows}:${suffix ? 'suffix' : 'plain'}`;
  const full =
    rows === 1 ||
    rows === INSERT_CHUNK_SIZE ||
    rows === dialect.rollupChunkRows;
  const cached = full ? sqlCache.get(cacheKey) : undefined;
  if (cached) return cached;

  const row = `(${columns.map(() => '?').join(', ')})`;
  const text = `insert into ${dialect.quote(table)} (${columns.map(dialect.quote).join(', ')}) values ${Array(rows).fill(row).join(', ')}${suffix?.() ?? ''}`;
  if (full) sqlCache.set(cacheKey, text);

  return text;
}

async function run(trx: Kysely<unknown>, text: string, values: unknown[]) {
  await trx.executeQuery(CompiledQuery.raw(text, values));
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) {
    yield items.slice(start, start + size);
  }
}
