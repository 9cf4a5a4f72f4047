import type { AggregateRow, UsageFilter, UsageStore } from '../../store.js';
import { addAggregate, emptyTotals, type GroupTotals } from '../factors.js';
import type { TimeWindow } from '../types.js';
import { groupKey } from './best-week.js';
import { type CallScan, readCacheCalls, shareBudget } from './calls.js';
import { type CacheGroup, diagnoseGroups } from './diagnose.js';
import type { CacheDiagnostic, DiagnoseCacheOptions } from './types.js';

const DAY_MS = 86_400_000;

/** Default cap on the calls one diagnosis reads, over every endpoint. */
const DEFAULT_MAX_CACHE_CALLS = 15_000;

/** What {@link cacheDiagnostics} reads. */
export interface CacheDiagnosticsRequest {
  /** The window is `filter.from` .. `filter.to` (default: the last 7 days to `now`). */
  filter?: UsageFilter;
  /** How far back to look for the best week, before `filter.to`. Default 28 days. */
  lookbackMs?: number;
  /**
   * Most calls read for the causes, shared fairly between the endpoints
   * (see docs/analysis.md). Default 15,000.
   */
  maxEvents?: number;
  catalog?: DiagnoseCacheOptions['catalog'];
  /** Default `new Date()`. */
  now?: Date;
}

/** Cache diagnostics of a store, with what the call cap cut. */
export interface CacheDiagnosticsResult {
  diagnostics: CacheDiagnostic[];
  /**
   * The time the calls read span: the window, or from the oldest call read
   * when capped (each capped endpoint says its own in `sampled`).
   */
  window: { from: Date; to: Date };
  eventsRead: number;
  /** Some endpoint had more calls than its share of `maxEvents`: see `sampled`. */
  capped: boolean;
}

/**
 * Prompt-cache diagnostics over a store. The totals of each endpoint and
 * model (calls, read share, write/read ratio, loss against the best week)
 * come from aggregates of the whole window; the causes from its calls in
 * time order, read narrow (`cacheCalls`, else `events`), at most
 * `maxEvents` shared fairly between the endpoints, each endpoint's newest
 * ones. Dialect-free.
 *
 * @example
 * ```ts
 * const { diagnostics, capped } = await cacheDiagnostics(store, {
 *   filter: { from: new Date('2026-11-08'), to: new Date('2026-11-15') },
 * });
 * diagnostics[0]?.sampled; // { from, to, calls: 1500 } when its causes come from its newest calls
 * ```
 * @see docs/analysis.md
 */
export async function cacheDiagnostics(
  store: UsageStore,
  request: CacheDiagnosticsRequest = {},
): Promise<CacheDiagnosticsResult> {
  const to = request.filter?.to ?? request.now ?? new Date();
  const from = request.filter?.from ?? new Date(to.getTime() - 7 * DAY_MS);
  const filter = { ...request.filter, from, to, priced: true };
  const lookbackMs = Math.max(
    request.lookbackMs ?? 28 * DAY_MS,
    to.getTime() - from.getTime(),
  );

  const { totals, history } = await readAggregates(store, filter, lookbackMs);
  const scans = await readEndpoints(
    store,
    filter,
    totals,
    request.maxEvents ?? DEFAULT_MAX_CACHE_CALLS,
  );
  const groups = groupsOf(totals, scans, { from, to });
  const diagnostics = diagnoseGroups(groups, {
    window: { from, to },
    history,
    ...(request.catalog ? { catalog: request.catalog } : {}),
  });

  return resultOf(diagnostics, scans, { from, to });
}

/** The totals of one endpoint and model over the whole window. */
interface WindowTotals {
  endpoint: string;
  model: string;
  totals: GroupTotals;
}

/**
 * The day rows of the lookback, and the window's totals per endpoint and
 * model: summed from those day rows when the window is whole UTC days (one
 * query fewer: with a user filter each reads raw events), else queried.
 */
async function readAggregates(
  store: UsageStore,
  filter: UsageFilter & TimeWindow,
  lookbackMs: number,
): Promise<{ totals: WindowTotals[]; history: AggregateRow[] }> {
  // Best weeks are built from whole UTC days: the lookback starts at the
  // midnight before, so no store reads raw events for a partial first hour.
  const startMs = filter.to.getTime() - lookbackMs;
  const historyQuery = {
    filter: { ...filter, from: new Date(startMs - (startMs % DAY_MS)) },
    groupBy: ['endpoint', 'model', 'day'] as const,
  };
  const wholeDays =
    filter.from.getTime() % DAY_MS === 0 && filter.to.getTime() % DAY_MS === 0;
  if (wholeDays) {
    const history = await store.query(historyQuery);
    const inWindow = history.filter((row) => {
      const dayMs = Date.parse(`${row.day}T00:00:00Z`);
      return dayMs >= filter.from.getTime() && dayMs < filter.to.getTime();
    });
    return { totals: sumByGroup(inWindow), history };
  }

  const [rows, history] = await Promise.all([
    store.query({ filter, groupBy: ['endpoint', 'model'] }),
    store.query(historyQuery),
  ]);
  return { totals: sumByGroup(rows), history };
}

/** Rows grouped by endpoint and model (and more), summed per endpoint and model. */
function sumByGroup(rows: readonly AggregateRow[]): WindowTotals[] {
  const groups = new Map<string, WindowTotals>();
  for (const row of rows) {
    const endpoint = row.endpoint ?? '';
    const model = row.model ?? '';
    const key = groupKey(endpoint, model);
    const group = groups.get(key) ?? { endpoint, model, totals: emptyTotals() };
    addAggregate(group.totals, { ...row, key });
    groups.set(key, group);
  }

  return [...groups.values()];
}

/** Each endpoint's newest calls, up to its share of `maxCalls`. */
async function readEndpoints(
  store: UsageStore,
  filter: UsageFilter,
  totals: readonly WindowTotals[],
  maxCalls: number,
): Promise<Map<string, CallScan>> {
  const callsByEndpoint = new Map<string, number>();
  for (const { endpoint, totals: sums } of totals) {
    const calls = (callsByEndpoint.get(endpoint) ?? 0) + Number(sums.calls);
    callsByEndpoint.set(endpoint, calls);
  }

  const shares = [...shareBudget(callsByEndpoint, maxCalls)];
  const scans = await Promise.all(
    shares.map(([endpoint, share]) =>
      readCacheCalls(store, { ...filter, endpoint }, share),
    ),
  );

  return new Map(
    shares.map(([endpoint], index) => [endpoint, scans[index] as CallScan]),
  );
}

/**
 * One group per endpoint and model with priced calls in the window: its
 * totals from the aggregates, its calls oldest first, and the part of the
 * window they span when its endpoint was capped.
 */
function groupsOf(
  totals: readonly WindowTotals[],
  scans: ReadonlyMap<string, CallScan>,
  window: TimeWindow,
): CacheGroup[] {
  return totals.map(({ endpoint, model, totals: sums }) => {
    const scan = scans.get(endpoint) ?? { calls: [], capped: false };
    const calls = scan.calls
      .filter((call) => call.model === model)
      .sort((a, b) => a.timeMs - b.timeMs);
    const group: CacheGroup = {
      endpoint,
      model,
      totals: sums,
      calls,
    };
    const oldest = scan.calls.at(-1)?.timeMs;
    if (!scan.capped || oldest === undefined) return group;

    const sampled = {
      from: new Date(oldest),
      to: window.to,
      calls: calls.length,
    };
    return { ...group, sampled };
  });
}

/**
 * The result: every call read, and the window from the latest start of a
 * capped endpoint's calls on, where every endpoint's calls were all read.
 */
function resultOf(
  diagnostics: CacheDiagnostic[],
  scans: ReadonlyMap<string, CallScan>,
  window: TimeWindow,
): CacheDiagnosticsResult {
  let eventsRead = 0;
  let capped = false;
  let fromMs = window.from.getTime();
  for (const scan of scans.values()) {
    eventsRead += scan.calls.length;
    const oldest = scan.calls.at(-1)?.timeMs;
    if (!scan.capped || oldest === undefined) continue;

    capped = true;
    fromMs = Math.max(fromMs, oldest);
  }

  return {
    diagnostics,
    window: { from: new Date(fromMs), to: window.to },
    eventsRead,
    capped,
  };
}
