/**
 * Table and column names of the tokenledger schema. Every identifier that
 * reaches SQL comes from here, never from user input.
 */

/** One row per recorded call. */
export const EVENTS_TABLE = 'usage_events';

/** Hourly totals keyed by hour, user, provider, model, endpoint, release. */
export const USER_ROLLUP_TABLE = 'usage_rollups_hourly';

/** The same totals without the user: answers most dashboard questions. */
export const ALL_USERS_ROLLUP_TABLE = 'usage_rollups_hourly_all_users';

/**
 * Daily totals keyed by day, user, status and priced only: the per-user
 * questions (breakdown, facet, explanation) of views that filter no other
 * dimension. The hourly user rollup holds about one row per event when
 * users are many; this one about one per user and day.
 */
export const DAILY_USER_ROLLUP_TABLE = 'usage_rollups_daily_users';

export type RollupTable =
  | typeof USER_ROLLUP_TABLE
  | typeof ALL_USERS_ROLLUP_TABLE
  | typeof DAILY_USER_ROLLUP_TABLE;

/** Every rollup the writer maintains, in write order. */
export const ROLLUP_TABLES: readonly RollupTable[] = [
  USER_ROLLUP_TABLE,
  ALL_USERS_ROLLUP_TABLE,
  DAILY_USER_ROLLUP_TABLE,
];

export type SourceTable = typeof EVENTS_TABLE | RollupTable;

/** Columns of {@link EVENTS_TABLE}, in insert order. */
export const EVENT_COLUMNS = [
  'id',
  'ts_ms',
  'provider',
  'model',
  'canonical_model',
  'user_id',
  'endpoint',
  'app_release',
  'tags',
  'shape',
  'status',
  'priced',
  'input_tokens',
  'output_tokens',
  'cache_write_tokens',
  'cache_write_1h_tokens',
  'cache_read_tokens',
  'reasoning_tokens',
  'audio_input_tokens',
  'audio_output_tokens',
  'pages',
  'images',
  'requests',
  'cost_nano',
  'cost_input_nano',
  'cost_output_nano',
  'cost_cache_write_nano',
  'cost_cache_read_nano',
  'cost_units_nano',
  'unpriced_reason',
  'price_id',
  'provider_cost_nano',
  'batch',
  'streamed',
  'incomplete',
  'latency_ms',
  'attempt',
  'request_id',
  'prefix_hash',
  'prefix_tokens',
  'max_tokens_hit',
] as const;

/** The summed measures every rollup row carries, in insert order. */
export const ROLLUP_MEASURES = [
  'calls',
  'unpriced_calls',
  'input_tokens',
  'output_tokens',
  'cache_write_tokens',
  'cache_write_1h_tokens',
  'cache_read_tokens',
  'reasoning_tokens',
  'pages',
  'cost_nano',
  'cost_input_nano',
  'cost_output_nano',
  'cost_cache_write_nano',
  'cost_cache_read_nano',
  'cost_units_nano',
] as const;

export type RollupMeasure = (typeof ROLLUP_MEASURES)[number];

/** Rollup key columns, without and with the user. */
export const ALL_USERS_KEY_COLUMNS = [
  'hour_ms',
  'provider',
  'model',
  'endpoint',
  'app_release',
  'status',
  'priced',
] as const;

export const USER_KEY_COLUMNS = [
  'hour_ms',
  'user_id',
  'provider',
  'model',
  'endpoint',
  'app_release',
  'status',
  'priced',
] as const;

/**
 * Key columns of {@link DAILY_USER_ROLLUP_TABLE} (the primary key is the
 * day and the hash of the others).
 */
export const DAILY_USER_KEY_COLUMNS = [
  'day_ms',
  'user_id',
  'status',
  'priced',
] as const;

/** The filter columns {@link DAILY_USER_ROLLUP_TABLE} can answer: its key but the day. */
export const DAILY_USER_FILTER_COLUMNS: readonly string[] =
  DAILY_USER_KEY_COLUMNS.filter((column) => column !== 'day_ms');

/** Milliseconds in one hour and one day, the rollup and series buckets. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A rollup's time bucket: its time column and the bucket's width. */
export function rollupBucket(table: RollupTable) {
  return table === DAILY_USER_ROLLUP_TABLE
    ? ({ column: 'day_ms', ms: DAY_MS } as const)
    : ({ column: 'hour_ms', ms: HOUR_MS } as const);
}
