import { TokenledgerError } from '../errors.js';
import type { UsageFilter, UsageStore } from '../store.js';
import { readEvents } from './read-events.js';
import {
  type ExplainDimension,
  explainFromStore,
  type StoreExplanation,
} from './store-explain.js';
import type { TimeWindow } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Options of {@link releaseWindows}. */
export interface ReleaseWindowsOptions {
  /** Narrows the events considered (e.g. one endpoint). */
  filter?: UsageFilter;
  /** Longest window on each side. Default 7 days. */
  windowMs?: number;
  /** The end of the data. Default: the end of the last hour with calls. */
  now?: Date;
}

/** Equal windows either side of a release's first call. */
export interface ReleaseWindows {
  release: string;
  /** The first call made by the release. */
  firstCallAt: Date;
  before: TimeWindow;
  after: TimeWindow;
}

/**
 * The two windows "before and after release X", of equal length, the after
 * one starting at the release's first call: whole days either side when
 * the data allows (up to `windowMs`); when less than a day has passed
 * since, the same hours of the day before, so the daily cycle of traffic
 * is not mistaken for a change.
 *
 * @example
 * ```ts
 * const { before, after } = await releaseWindows(store, '2.4.0');
 * ```
 */
export async function releaseWindows(
  store: UsageStore,
  release: string,
  options: ReleaseWindowsOptions = {},
): Promise<ReleaseWindows> {
  const filter = { ...options.filter };
  const firstCallAt = await firstCall(store, { ...filter, release });
  if (!firstCallAt) {
    throw new TokenledgerError(
      'INVALID_OPTIONS',
      `Release ${JSON.stringify(release)} has no calls${options.filter ? ' matching the filter' : ''}; pick one of the store's releases (store.facets().releases).`,
    );
  }

  const start = firstCallAt.getTime();
  const earliest = (await edgeHour(store, filter, 'asc')) ?? start;
  const end =
    options.now?.getTime() ??
    ((await edgeHour(store, filter, 'desc')) ?? start) + HOUR_MS;
  const windows = pickWindows(
    start,
    earliest,
    end,
    options.windowMs ?? WEEK_MS,
  );

  if (!windows) {
    throw new TokenledgerError(
      'INVALID_OPTIONS',
      `Release ${JSON.stringify(release)} has no ${start - earliest > 0 ? 'data after' : 'data before'} its first call (${firstCallAt.toISOString()}) to compare with.`,
    );
  }

  return { release, firstCallAt, ...windows };
}

/**
 * Whole days either side of the release when there is a day of data on
 * both; with less than a day after it, the same hours of the day before,
 * so the daily traffic cycle does not show up as volume; else the longest
 * equal windows that fit.
 */
function pickWindows(
  start: number,
  earliest: number,
  end: number,
  windowMs: number,
): { before: TimeWindow; after: TimeWindow } | null {
  const afterMs = Math.min(windowMs, end - start);
  const beforeMs = start - earliest;
  const window = (from: number, length: number) => ({
    from: new Date(from),
    to: new Date(from + length),
  });

  if (afterMs >= DAY_MS && beforeMs >= DAY_MS) {
    const days = Math.floor(Math.min(afterMs, beforeMs) / DAY_MS) * DAY_MS;
    return { before: window(start - days, days), after: window(start, days) };
  }
  if (afterMs > 0 && beforeMs >= DAY_MS) {
    return {
      before: window(start - DAY_MS, afterMs),
      after: window(start, afterMs),
    };
  }

  const length = Math.min(afterMs, beforeMs);
  if (!(length > 0)) return null;

  return {
    before: window(start - length, length),
    after: window(start, length),
  };
}

/** Options of {@link compareRelease}. */
export interface CompareReleaseOptions extends ReleaseWindowsOptions {
  /** Group by this dimension. Default `'endpoint'`. */
  by?: ExplainDimension;
}

/** "Before and after release X", explained. */
export interface ReleaseComparison extends StoreExplanation {
  release: string;
  firstCallAt: Date;
}

/**
 * "Compare before and after release X" as one call: {@link releaseWindows}
 * then {@link explainFromStore}, with sentences that name the release.
 *
 * @example
 * ```ts
 * const comparison = await compareRelease(store, '2.4.0');
 * comparison.sentences[0]; // 'After release 2.4.0: +$312.40/day. Caching ...'
 * ```
 */
export async function compareRelease(
  store: UsageStore,
  release: string,
  options: CompareReleaseOptions = {},
): Promise<ReleaseComparison> {
  const windows = await releaseWindows(store, release, options);
  const explanation = await explainFromStore(store, {
    ...(options.filter ? { filter: options.filter } : {}),
    before: windows.before,
    after: windows.after,
    by: options.by ?? 'endpoint',
    title: `After release ${release}`,
  });

  return { ...explanation, release, firstCallAt: windows.firstCallAt };
}

/** The exact instant of the first call matching `filter`, or null. */
async function firstCall(
  store: UsageStore,
  filter: UsageFilter,
): Promise<Date | null> {
  const hour = await edgeHour(store, filter, 'asc');
  if (hour === null) return null;

  const from = new Date(hour);
  const to = new Date(hour + HOUR_MS);
  const { events } = await readEvents(
    store,
    { ...filter, from, to },
    { maxEvents: 100_000 },
  );
  const oldest = events.at(-1)?.timestamp;

  return oldest ?? from;
}

async function edgeHour(
  store: UsageStore,
  filter: UsageFilter,
  direction: 'asc' | 'desc',
): Promise<number | null> {
  const [row] = await store.query({
    filter,
    groupBy: ['hour'],
    orderBy: { field: 'hour', direction },
    limit: 1,
  });
  const hour = row?.hour === undefined ? Number.NaN : Date.parse(row.hour);

  return Number.isFinite(hour) ? hour : null;
}
