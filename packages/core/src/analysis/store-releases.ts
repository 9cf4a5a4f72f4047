import type { StoreExplainRequest } from './store-explain.js';
import { keyed, keyOf, type Reader, type WindowRead } from './store-window.js';
import type { TimeWindow } from './types.js';

/**
 * Per group, the releases of the after window not seen before, oldest
 * first (by the first hour with calls, then by name). Days, then hours,
 * are read only when a group has more than one to order.
 */
export async function newReleases(
  store: Reader,
  request: StoreExplainRequest,
  before: WindowRead,
  after: WindowRead,
): Promise<Record<string, string[]>> {
  const fresh = new Map<string, string[]>();
  for (const [key, releases] of after.releases) {
    const known = before.releases.get(key);
    const unseen = [...releases].filter((release) => !known?.has(release));
    if (unseen.length > 0) fresh.set(key, unseen);
  }

  const toOrder = [...fresh.values()].filter((list) => list.length > 1);
  const firstHours =
    toOrder.length === 0
      ? new Map<string, Map<string, number>>()
      : await firstSeen(store, request, [...new Set(toOrder.flat())]);

  const result: Record<string, string[]> = {};
  for (const [key, releases] of fresh) {
    const hours = firstHours.get(key);
    const hourOf = (release: string) => hours?.get(release) ?? 0;
    result[key] = releases.sort(
      (a, b) => hourOf(a) - hourOf(b) || (a < b ? -1 : 1),
    );
  }

  return result;
}

const DAY_MS = 86_400_000;

/**
 * Per group key, release -> when it was first called in the after window
 * (epoch ms), as precise as ordering the group's releases needs: the first
 * day (one row per group, release and day), and the first hour only for
 * releases that share their first day with another of the group (one read
 * of that day's hours). A month of hours is about 30,000 rows; its days,
 * about 1,200.
 */
async function firstSeen(
  store: Reader,
  request: StoreExplainRequest,
  releases: string[],
): Promise<Map<string, Map<string, number>>> {
  const firstDays = await firstCalls(store, request, {
    bucket: 'day',
    window: request.after,
    releases,
  });

  for (const [day, tied] of sharedFirstDays(firstDays)) {
    const hours = await firstCalls(store, request, {
      bucket: 'hour',
      window: clamp({ from: day, to: day + DAY_MS }, request.after),
      releases: [...tied],
    });
    for (const [key, byRelease] of hours) {
      const days = firstDays.get(key);
      for (const [release, hour] of byRelease) days?.set(release, hour);
    }
  }

  return firstDays;
}

/**
 * Per group key, release -> the start of the first `bucket` with calls in
 * `window`.
 */
async function firstCalls(
  store: Reader,
  request: StoreExplainRequest,
  read: { bucket: 'day' | 'hour'; window: TimeWindow; releases: string[] },
): Promise<Map<string, Map<string, number>>> {
  const by = request.by;
  const rows = await store.query({
    filter: {
      ...request.filter,
      ...read.window,
      priced: true,
      release: read.releases,
    },
    groupBy: keyed(by, ['release', read.bucket]),
    measures: ['calls'],
  });
  const byKey = new Map<string, Map<string, number>>();

  for (const row of rows) {
    if (!row.release || row.calls === 0) continue;

    const start = Date.parse(row[read.bucket] ?? '');
    const seen = byKey.get(keyOf(by, row)) ?? new Map<string, number>();
    seen.set(row.release, Math.min(seen.get(row.release) ?? start, start));
    byKey.set(keyOf(by, row), seen);
  }

  return byKey;
}

/** The days on which two or more releases of one group were first called, with those releases. */
function sharedFirstDays(
  firstDays: Map<string, Map<string, number>>,
): Map<number, Set<string>> {
  const shared = new Map<number, Set<string>>();

  for (const byRelease of firstDays.values()) {
    const onDay = new Map<number, string[]>();
    for (const [release, day] of byRelease) {
      onDay.set(day, [...(onDay.get(day) ?? []), release]);
    }
    for (const [day, list] of onDay) {
      if (list.length < 2) continue;

      const releases = shared.get(day) ?? new Set<string>();
      for (const release of list) releases.add(release);
      shared.set(day, releases);
    }
  }

  return shared;
}

function clamp(
  range: { from: number; to: number },
  window: TimeWindow,
): TimeWindow {
  return {
    from: new Date(Math.max(range.from, window.from.getTime())),
    to: new Date(Math.min(range.to, window.to.getTime())),
  };
}
