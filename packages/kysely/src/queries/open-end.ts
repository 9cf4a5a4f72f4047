import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import { DAY_MS, EVENTS_TABLE } from '../schema/tables.js';
import type { CheckedFilter } from './filter-input.js';

// biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
type AnyDb = Kysely<any>;

/**
 * Runs `read` on one consistent snapshot (a read transaction, unless `db`
 * already is one), with the filter's range end moved to the next UTC
 * midnight when no stored event is at or after it.
 *
 * A dashboard range ends now, in the middle of an hour and of a day. Read
 * as it is, its last day comes from the hourly rollups and its last minutes
 * from raw events; but when nothing is stored from its end on, the rollup
 * rows of that hour and day hold exactly the range's part of them, so the
 * daily and hourly rows answer instead (see {@link openEndFilter}). The
 * newest event and the reads share the snapshot, so an event written
 * meanwhile cannot slip in past the end, and a read in several steps (one
 * per source, or a ranking and then its top rows) sees one state.
 */
export async function readWithOpenEnd<T>(
  db: AnyDb,
  dialect: StoreDialect,
  filter: CheckedFilter,
  read: (db: AnyDb, filter: CheckedFilter) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return readOpenEnd(db, filter, read);

  const transaction =
    dialect.name === 'mysql'
      ? db.transaction().setIsolationLevel('repeatable read')
      : db.transaction();

  return transaction.execute((trx) => readOpenEnd(trx, filter, read));
}

async function readOpenEnd<T>(
  db: AnyDb,
  filter: CheckedFilter,
  read: (db: AnyDb, filter: CheckedFilter) => Promise<T>,
): Promise<T> {
  const { toMs } = filter;
  if (toMs === undefined || toMs % DAY_MS === 0) return read(db, filter);

  return read(db, openEndFilter(filter, await newestEventMs(db)));
}

/**
 * The filter to read when the newest stored event is at `newestMs` (null:
 * none is stored): its range ends at the next UTC midnight instead of
 * `toMs` if no event is at or after `toMs`, else it is unchanged. Future
 * timestamps (a client clock ahead) keep a range on the exact plan.
 *
 * @example
 * ```ts
 * // ends 13:37 on Nov 30, newest event 13:36: read up to Dec 1, 00:00
 * openEndFilter(filter, Date.parse('2026-11-30T13:36:00Z'));
 * ```
 */
export function openEndFilter(
  filter: CheckedFilter,
  newestMs: number | null,
): CheckedFilter {
  const { toMs } = filter;
  if (toMs === undefined) return filter;
  if (newestMs !== null && newestMs >= toMs) return filter;

  const dayEndMs = Math.ceil(toMs / DAY_MS) * DAY_MS;
  return dayEndMs === toMs ? filter : { ...filter, toMs: dayEndMs };
}

async function newestEventMs(db: AnyDb): Promise<number | null> {
  const row = await db
    .selectFrom(EVENTS_TABLE)
    .select((eb) => eb.fn.max('ts_ms').as('newest'))
    .executeTakeFirst();
  const newest = row?.newest;

  return newest === null || newest === undefined ? null : Number(newest);
}
