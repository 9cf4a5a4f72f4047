import { parseUsd } from '../money.js';
import type { ExplainDimension } from './store-explain.js';
import type { WindowRead } from './store-window.js';
import { byCostThenId, firstInOrder } from './users.js';

/** Grouped by user, the costliest this many keep a group of their own. */
export const MAX_USER_GROUPS = 100;

/**
 * Grouped by user, keeps the {@link MAX_USER_GROUPS} costliest users (cost
 * of both windows together, ties by id) as groups and sums every other
 * user into one group, `N other users`: the exact arithmetic of 10,000
 * groups summed their drivers over denominators that grew with every
 * group (20 s at 10,000 users). The overall change is the same; the other
 * users' drivers are those of their sum.
 */
export function foldFewUsers(
  by: ExplainDimension | null,
  sides: [WindowRead, WindowRead],
): [WindowRead, WindowRead] {
  if (by !== 'user') return sides;

  const costs = new Map<string, bigint>();
  for (const side of sides) {
    for (const group of side.groups) {
      const nano = parseUsd(group.costUsd);
      costs.set(group.key, (costs.get(group.key) ?? 0n) + nano);
    }
  }
  if (costs.size <= MAX_USER_GROUPS) return sides;

  const kept = new Set(
    firstInOrder(
      [...costs].map(([userId, costNano]) => ({ userId, costNano })),
      MAX_USER_GROUPS,
      byCostThenId,
    ).map((user) => user.userId),
  );
  const others = otherUsersKey(costs.size - kept.size, costs);
  const keyOf = (key: string) => (kept.has(key) ? key : others);

  return sides.map((side) => ({
    ...side,
    groups: side.groups.map((group) => ({ ...group, key: keyOf(group.key) })),
    releases: mergedReleases(side.releases, keyOf),
  })) as [WindowRead, WindowRead];
}

/** `N other users`, made unlike every real user id. */
function otherUsersKey(count: number, users: Map<string, unknown>): string {
  let key = `${count.toLocaleString('en')} other users`;
  while (users.has(key)) key = `(${key})`;

  return key;
}

/** The releases seen per key, merged under `keyOf` of each key. */
function mergedReleases(
  releases: Map<string, Set<string>>,
  keyOf: (key: string) => string,
): Map<string, Set<string>> {
  const merged = new Map<string, Set<string>>();
  for (const [key, seen] of releases) {
    const into = merged.get(keyOf(key)) ?? new Set<string>();
    for (const release of seen) into.add(release);
    merged.set(keyOf(key), into);
  }

  return merged;
}
