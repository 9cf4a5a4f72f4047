import { CompiledQuery, type Kysely } from 'kysely';
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
  type PreparedEvent,
  type RollupDelta,
  rollupDeltas,
} from './rollup-rows.js';

/**
 * The writer's SQL: the event inserts and the rollup upserts, their texts
 * built once per size and cached, their values in column order. Only our
 * own identifiers and placeholders go into the text.
 */

/** Rows per multi-row statement: 500 events bind 20,500 values (SQLite allows 32,766). */
export const INSERT_CHUNK_SIZE = 500;

/** Every rollup's upsert statements for the new events, table by table. */
export function rollupUpserts(
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
 * SQLite's single-row event insert that skips an id already stored (the
 * statement then changes no row).
 */
export function skipStoredInsertSql(dialect: StoreDialect): string {
  return insertSql(dialect, EVENTS_TABLE, EVENT_COLUMNS, 1, () =>
    String(dialect.skipStoredIdClause),
  );
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
export function insertSql(
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

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) {
    yield items.slice(start, start + size);
  }
}
