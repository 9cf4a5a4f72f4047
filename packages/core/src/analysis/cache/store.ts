import type { UsageFilter, UsageStore } from '../../store.js';
import { readEvents } from '../read-events.js';
import { diagnoseCache } from './diagnose.js';
import type { CacheDiagnostic, DiagnoseCacheOptions } from './types.js';

const DAY_MS = 86_400_000;

/** What {@link cacheDiagnostics} reads. */
export interface CacheDiagnosticsRequest {
  /** The window is `filter.from` .. `filter.to` (default: the last 7 days to `now`). */
  filter?: UsageFilter;
  /** How far back to look for the best week, before `filter.to`. Default 28 days. */
  lookbackMs?: number;
  /** Most events read. Default 200,000. */
  maxEvents?: number;
  catalog?: DiagnoseCacheOptions['catalog'];
  /** Default `new Date()`. */
  now?: Date;
}

/** Cache diagnostics of a store, with what the event cap cut. */
export interface CacheDiagnosticsResult {
  diagnostics: CacheDiagnostic[];
  /** The window measured: it starts at the oldest event read when capped. */
  window: { from: Date; to: Date };
  eventsRead: number;
  /** More events matched than `maxEvents`: the oldest were not read. */
  capped: boolean;
}

/**
 * Prompt-cache diagnostics over a store: pages through the window's events
 * (keyset cursor, capped) for the causes, and reads daily aggregates of
 * the lookback for each endpoint's best week. Dialect-free.
 *
 * @example
 * ```ts
 * const { diagnostics, capped } = await cacheDiagnostics(store, {
 *   filter: { from: new Date('2026-11-08'), to: new Date('2026-11-15') },
 * });
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

  const [scan, history] = await Promise.all([
    readEvents(
      store,
      filter,
      request.maxEvents === undefined ? {} : { maxEvents: request.maxEvents },
    ),
    store.query({
      filter: { ...filter, from: new Date(to.getTime() - lookbackMs) },
      groupBy: ['endpoint', 'model', 'day'],
    }),
  ]);
  // capped: the oldest events were not read, so measure over what was
  const oldest = scan.events.at(-1)?.timestamp;
  const window = { from: scan.capped && oldest ? oldest : from, to };
  const diagnostics = diagnoseCache(scan.events, {
    window,
    history,
    ...(request.catalog ? { catalog: request.catalog } : {}),
  });

  return {
    diagnostics,
    window,
    eventsRead: scan.events.length,
    capped: scan.capped,
  };
}
