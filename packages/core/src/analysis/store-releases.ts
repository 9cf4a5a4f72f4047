import type { StoreExplainRequest } from './store-explain.js';
import { keyed, keyOf, type Reader, type WindowRead } from './store-window.js';

/**
 * Per group, the releases of the after window not seen before, oldest
 * first (by the first hour with calls, then by name). Hours are read only
 * when a group has more than one to order.
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

/** Per group key, release -> first hour with calls in the after window (epoch ms). */
async function firstSeen(
  store: Reader,
  request: StoreExplainRequest,
  releases: string[],
): Promise<Map<string, Map<string, number>>> {
  const by = request.by;
  const rows = await store.query({
    filter: {
      ...request.filter,
      ...request.after,
      priced: true,
      release: releases,
    },
    groupBy: keyed(by, ['release', 'hour']),
    measures: ['calls'],
  });
  const byKey = new Map<string, Map<string, number>>();

  for (const row of rows) {
    if (!row.release || row.calls === 0) continue;

    const hour = Date.parse(row.hour ?? '');
    const seen = byKey.get(keyOf(by, row)) ?? new Map<string, number>();
    seen.set(row.release, Math.min(seen.get(row.release) ?? hour, hour));
    byKey.set(keyOf(by, row), seen);
  }

  return byKey;
}
