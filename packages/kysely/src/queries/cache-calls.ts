import type {
  CacheCall,
  CacheCallsPage,
  CacheCallsQuery,
} from '@tokenledger/core';
import { type Kysely, sql } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import { readPage } from './events.js';

/** The largest page `cacheCalls` returns. */
export const MAX_CACHE_CALLS_PAGE = 50_000;

/** The columns a {@link CacheCall} is built from, and the cursor's. */
const CACHE_CALL_COLUMNS = [
  'id',
  'ts_ms',
  'provider',
  'model',
  'canonical_model',
  'endpoint',
  'priced',
  'prefix_hash',
  'prefix_tokens',
  'input_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'cache_write_1h_tokens',
] as const;

const CACHE_CALL_SELECTIONS = CACHE_CALL_COLUMNS.map((column) =>
  sql.ref(column),
);

/**
 * Reads one page of events narrowed to what the cache diagnosis reads,
 * newest first, with the keyset cursor of `events` (a cursor of one serves
 * the other): 13 columns instead of 41, no JSON, no cost, so a page of
 * 50,000 reads several times faster than 50 pages of whole events.
 */
export async function readCacheCalls(
  // biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
  db: Kysely<any>,
  dialect: StoreDialect,
  query: CacheCallsQuery,
): Promise<CacheCallsPage> {
  const { items, nextCursor } = await readPage(db, dialect, query, {
    name: 'cacheCalls',
    maxLimit: MAX_CACHE_CALLS_PAGE,
    selections: CACHE_CALL_SELECTIONS,
    fromRow: callFromRow,
  });

  return { calls: items, nextCursor };
}

function callFromRow(row: Record<string, unknown>): CacheCall {
  return {
    timeMs: Number(row.ts_ms),
    provider: String(row.provider),
    model: String(row.model),
    canonicalModel:
      row.canonical_model === null ? null : String(row.canonical_model),
    endpoint: String(row.endpoint),
    priced: Number(row.priced) === 1,
    prefixHash: row.prefix_hash === null ? null : String(row.prefix_hash),
    prefixTokens: row.prefix_tokens === null ? null : Number(row.prefix_tokens),
    inputTokens: Number(row.input_tokens),
    cacheReadTokens: Number(row.cache_read_tokens),
    cacheWriteTokens: Number(row.cache_write_tokens),
    cacheWrite1hTokens: Number(row.cache_write_1h_tokens),
  };
}
