import type { CostBreakdown, UsageEvent } from './schema.js';

/** One value or a list of values a dimension may take. */
export type OneOrMany<T> = T | readonly T[];

/**
 * Which events a query covers. Every field narrows the set; lists match any
 * of their values. The time range is half-open: `from <= timestamp < to`.
 */
export interface UsageFilter {
  from?: Date;
  to?: Date;
  userId?: OneOrMany<string>;
  provider?: OneOrMany<string>;
  model?: OneOrMany<string>;
  endpoint?: OneOrMany<string>;
  release?: OneOrMany<string>;
  status?: OneOrMany<UsageEvent['status']>;
  priced?: boolean;
  /** Every listed tag must match (AND across keys, any value in a list). */
  tags?: Record<string, OneOrMany<string>>;
}

/** A dimension results can be grouped by. */
export type GroupByDimension =
  | 'user'
  | 'provider'
  | 'model'
  | 'endpoint'
  | 'release'
  | 'day'
  | 'hour';

/** Totals of a set of events. */
export interface UsageTotals {
  calls: number;
  unpricedCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  pages: number;
  /** Total cost of the priced calls, USD with 9 decimals. */
  costUsd: string;
  /** The same cost by class. */
  cost: CostBreakdown;
  /** cacheRead / every prompt token, 0..1 (0 when there were none). */
  cacheReadShare: number;
}

/**
 * One aggregate row: the group keys that were asked for (`user`, `endpoint`,
 * `day` as `YYYY-MM-DD`, `hour` as an ISO instant, …) and the totals.
 */
export type AggregateRow = UsageTotals &
  Partial<Record<GroupByDimension, string>>;

/** One of the totals of an {@link AggregateRow}, for `AggregateQuery.measures`. */
export type AggregateMeasure = keyof UsageTotals;

/** A request for aggregates. */
export interface AggregateQuery {
  filter?: UsageFilter;
  groupBy?: readonly GroupByDimension[];
  orderBy?: {
    field: keyof UsageTotals | GroupByDimension;
    direction?: 'asc' | 'desc';
  };
  limit?: number;
  /**
   * The totals the caller reads, when it reads only some: a store may then
   * sum only what they are made of (and what it orders by) and leave the
   * other totals 0, or sum them all. Omitted: every total. Rows, their
   * order and the listed totals are the same either way.
   *
   * @example
   * ```ts
   * // who spent what, without the token counts
   * await store.query({ groupBy: ['user'], measures: ['calls', 'costUsd'] });
   * ```
   */
  measures?: readonly AggregateMeasure[];
}

/** A request for a time series bucketed by hour or day (UTC). */
export interface TimeSeriesQuery {
  filter?: UsageFilter;
  bucket: 'hour' | 'day';
  groupBy?: Exclude<GroupByDimension, 'day' | 'hour'>;
  /**
   * The totals the caller reads, as in `AggregateQuery.measures`: the
   * others may be 0. Omitted: every total.
   *
   * @example
   * ```ts
   * // cost per endpoint and hour, for an anomaly check
   * await store.timeSeries({
   *   bucket: 'hour',
   *   groupBy: 'endpoint',
   *   measures: ['calls', 'costUsd'],
   * });
   * ```
   */
  measures?: readonly AggregateMeasure[];
}

/** One bucket of a time series; `group` is set when grouped. */
export type TimeSeriesPoint = UsageTotals & {
  bucketStart: Date;
  group?: string;
};

/** A page of individual events, newest first. */
export interface EventsQuery {
  filter?: UsageFilter;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
}

/** A page of events and the cursor of the next one (null at the end). */
export interface EventsPage {
  events: UsageEvent[];
  nextCursor: string | null;
}

/**
 * The fields of one event the prompt-cache diagnosis reads: when, what it
 * called, its prefix fingerprint and its prompt token classes. A row this
 * narrow reads several times faster than a whole {@link UsageEvent}.
 *
 * @example
 * ```ts
 * const call: CacheCall = {
 *   timeMs: Date.parse('2026-11-02T09:00:00Z'), provider: 'anthropic',
 *   model: 'claude-sonnet-4-5', canonicalModel: 'claude-sonnet-4-5',
 *   endpoint: 'POST /chat', priced: true, prefixHash: 'a1b2', prefixTokens: 2000,
 *   inputTokens: 100, cacheReadTokens: 2000, cacheWriteTokens: 0, cacheWrite1hTokens: 0,
 * };
 * ```
 */
export interface CacheCall {
  /** The event's timestamp, ms since the epoch. */
  timeMs: number;
  provider: string;
  model: string;
  canonicalModel: string | null;
  endpoint: string;
  priced: boolean;
  prefixHash: string | null;
  prefixTokens: number | null;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens: number;
}

/**
 * A request for a page of {@link CacheCall}s, newest first, as `events`
 * pages events (the same keyset cursor).
 *
 * @example
 * ```ts
 * const page = await store.cacheCalls?.({ filter: { endpoint: 'POST /chat' }, limit: 5_000 });
 * ```
 */
export interface CacheCallsQuery {
  filter?: UsageFilter;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string;
  /** 1 to 50,000. */
  limit: number;
}

/**
 * A page of calls and the cursor of the next one (null at the end).
 *
 * @example
 * ```ts
 * const { calls, nextCursor } = await store.cacheCalls({ limit: 1_000 });
 * const next = nextCursor ? await store.cacheCalls({ limit: 1_000, cursor: nextCursor }) : null;
 * ```
 */
export interface CacheCallsPage {
  calls: CacheCall[];
  nextCursor: string | null;
}

/** The distinct values of each dimension, for filter pickers. */
export interface Facets {
  users: string[];
  providers: string[];
  models: string[];
  endpoints: string[];
  releases: string[];
}

/** What an insert did: new rows, and ids that were already stored. */
export interface InsertResult {
  inserted: number;
  duplicates: number;
}

/**
 * Where the tracker writes events. The smallest contract a backend must meet:
 * `insertEvents` must be idempotent by event id, so a retried batch is never
 * counted twice.
 *
 * @example
 * ```ts
 * const memory: UsageSink = {
 *   async insertEvents(events) { rows.push(...events); return { inserted: events.length, duplicates: 0 }; },
 * };
 * ```
 */
export interface UsageSink {
  insertEvents(events: readonly UsageEvent[]): Promise<InsertResult>;
}

/**
 * The cost fields of one stored event after repricing, as
 * `eventCostFields(repriced.after)` builds them, with the event's id.
 *
 * @example
 * ```ts
 * const update: EventCostUpdate = { id: event.id, ...eventCostFields(priceUsage(call, catalog)) };
 * ```
 */
export type EventCostUpdate = Pick<
  UsageEvent,
  | 'id'
  | 'priced'
  | 'unpricedReason'
  | 'costUsd'
  | 'cost'
  | 'priceId'
  | 'canonicalModel'
>;

/**
 * A full storage backend: the sink plus every query the dashboard, the CLI
 * and the analysis ask. `@tokenledger/kysely` implements it.
 *
 * @example
 * ```ts
 * const rows = await store.query({
 *   filter: { from: new Date('2026-11-01'), to: new Date('2026-12-01') },
 *   groupBy: ['endpoint'],
 * });
 * ```
 */
export interface UsageStore extends UsageSink {
  query(query: AggregateQuery): Promise<AggregateRow[]>;
  timeSeries(query: TimeSeriesQuery): Promise<TimeSeriesPoint[]>;
  events(query: EventsQuery): Promise<EventsPage>;
  facets(query?: { filter?: UsageFilter }): Promise<Facets>;
  /** Deletes events (and their rollups) older than `olderThan`; returns the count. */
  prune(options: { olderThan: Date }): Promise<number>;
  /**
   * Replaces the cost fields of stored events (and their rollups) after a
   * reprice; ids that are not stored are skipped. Resolves to the number of
   * events updated. Optional: a store without it cannot apply a reprice.
   */
  updateCosts?(updates: readonly EventCostUpdate[]): Promise<number>;
  /**
   * The events of `events`, in the same order, narrowed to the fields the
   * cache diagnosis reads. Optional: without it the diagnosis reads whole
   * events with `events`, slower.
   */
  cacheCalls?(query: CacheCallsQuery): Promise<CacheCallsPage>;
  /**
   * Each user's calls and exact cost over the matching events, in no
   * particular order: what `query({ filter, groupBy: ['user'] })` says of
   * `calls` and `costUsd`, without the other totals, the order or the
   * decimal strings. Optional: without it the analysis reads `query`. The
   * explanation reads it for every user of both windows (10,000 users:
   * 30,000 rows an explanation).
   */
  userCosts?(query: { filter?: UsageFilter }): Promise<UserCalls[]>;
  close(): Promise<void>;
}

/**
 * One user's calls and cost, exact in nano-USD.
 *
 * @example
 * ```ts
 * const row: UserCalls = { userId: 'user-7', calls: 12, costNano: 49_200_000n };
 * ```
 */
export interface UserCalls {
  userId: string;
  calls: number;
  costNano: bigint;
}
