import type { EventsPage, EventsQuery, UsageFilter } from '@tokenledger/core';
import { type Kysely, sql } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import { EVENT_COLUMNS, EVENTS_TABLE } from '../schema/tables.js';
import { eventFromRow, TEXT_COLUMNS } from './event-from-row.js';
import { checkFilter, checkQueryKeys, invalid } from './filter-input.js';
import { whereFilter } from './where.js';

/** The largest page `events` returns. */
export const MAX_EVENTS_PAGE = 1000;

/**
 * Reads one page of events, newest first, with keyset pagination on
 * (time, id): a page costs the same however deep it is, and events inserted
 * meanwhile never shift the pages that follow.
 */
export async function readEvents(
  // biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
  db: Kysely<any>,
  dialect: StoreDialect,
  query: EventsQuery,
): Promise<EventsPage> {
  const { items, nextCursor } = await readPage(db, dialect, query, {
    name: 'events',
    maxLimit: MAX_EVENTS_PAGE,
    selections: eventSelections(dialect),
    fromRow: eventFromRow,
  });

  return { events: items, nextCursor };
}

/**
 * One keyset page, newest first: checks the query (its keys, `limit` from
 * 1 to `maxLimit`, filter and cursor), reads `limit + 1` rows with
 * `selections` (which must include `ts_ms` and `id`, the cursor's) so that
 * the extra row says there is a next page, and builds each item with
 * `fromRow`.
 */
export async function readPage<T>(
  // biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
  db: Kysely<any>,
  dialect: StoreDialect,
  query: { filter?: UsageFilter; cursor?: string; limit?: number },
  page: {
    name: string;
    maxLimit: number;
    // biome-ignore lint/suspicious/noExplicitAny: any column list of the table
    selections: readonly any[];
    fromRow: (row: Record<string, unknown>) => T;
  },
): Promise<{ items: T[]; nextCursor: string | null }> {
  checkQueryKeys(query, page.name, ['filter', 'cursor', 'limit']);
  const limit = checkPageSize(query.limit, page.maxLimit);
  const filter = checkFilter(query.filter);
  const after =
    query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  // The page after the cursor ends at its time: bounding the index range
  // there (not only by the OR below, which SQLite does not use as a bound)
  // keeps a deep page from walking every newer entry first.
  const toMs = after
    ? Math.min(filter.toMs ?? Number.POSITIVE_INFINITY, after.timeMs + 1)
    : filter.toMs;
  const plan = { table: EVENTS_TABLE, fromMs: filter.fromMs, toMs } as const;

  let select = db.selectFrom(EVENTS_TABLE).select(page.selections);
  select = whereFilter(select, plan, filter, dialect);
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb('ts_ms', '<', after.timeMs),
        eb.and([eb('ts_ms', '=', after.timeMs), eb('id', '<', after.id)]),
      ]),
    );
  }

  const rows: Record<string, unknown>[] = await select
    .orderBy('ts_ms', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const last = rows[limit - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor(Number(last.ts_ms), String(last.id))
      : null;

  return { items: rows.slice(0, limit).map(page.fromRow), nextCursor };
}

/** Every event column, nano-USD read back as text. */
export function eventSelections(dialect: StoreDialect) {
  return EVENT_COLUMNS.map((column) =>
    TEXT_COLUMNS.includes(column)
      ? dialect.asText(sql.ref(column)).as(column)
      : sql.ref(column).as(column),
  );
}

/** `limit` when it is an integer from 1 to `max`; else INVALID_OPTIONS. */
function checkPageSize(limit: unknown, max: number): number {
  if (
    Number.isInteger(limit) &&
    (limit as number) > 0 &&
    (limit as number) <= max
  ) {
    return limit as number;
  }

  throw invalid(
    `limit must be an integer from 1 to ${max}, got ${JSON.stringify(limit)}`,
  );
}

function encodeCursor(timeMs: number, id: string): string {
  return Buffer.from(JSON.stringify([timeMs, id])).toString('base64url');
}

function decodeCursor(cursor: string): { timeMs: number; id: string } {
  try {
    const [timeMs, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString(),
    );
    if (Number.isFinite(timeMs) && typeof id === 'string')
      return { timeMs, id };
  } catch {
    // falls through to the error below
  }

  throw invalid(
    `cursor ${JSON.stringify(cursor)} is not one this store returned; pass the nextCursor of the previous page`,
    'cursor',
  );
}
