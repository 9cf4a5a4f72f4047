import { formatUsd, parseUsd } from '../money.js';
import { allocateRounded } from './allocate.js';
import { perDay } from './factors.js';
import {
  mul,
  type Rational,
  roundHalfEven,
  sub,
  sum,
  toNumber,
} from './rational.js';
import type {
  Concentration,
  TimeWindow,
  UserActivity,
  UserActivityInput,
  VolumeSplit,
} from './types.js';

/** One group's volume effect and the worth of a call, for {@link splitVolume}. */
export interface GroupVolume {
  key: string;
  /** The exact volume contribution of the group. */
  volume: Rational;
  /** What one call per day is worth to it (`ExactChange.volumeCostPerCall`). */
  costPerCall: Rational;
}

/**
 * Splits the volume driver between users not seen in the before window and
 * the users who were. In each group, new users' calls per day are worth
 * the group's volume cost per call (`ExactChange.volumeCostPerCall`,
 * decompose.ts); the users seen before (those who left included) get the
 * rest of the group's volume effect. So when new users replace users who left and the call count
 * holds, new-user volume is positive and existing-user activity negative
 * by as much. The two parts add up exactly to the (already rounded)
 * overall volume driver.
 */
export function splitVolume(input: {
  groups: readonly GroupVolume[];
  users: UserActivityInput;
  windows: { before: TimeWindow; after: TimeWindow };
  volumeUsdPerDay: string;
}): VolumeSplit {
  const { users } = input;
  const known = new Set(users.before.map((u) => u.userId));
  const newcomers = users.after.filter((u) => !known.has(u.userId));
  const newUserCalls: Record<string, number> = Object.create(null);
  if (users.newUserCalls) {
    Object.assign(newUserCalls, users.newUserCalls);
  } else {
    for (const user of newcomers) {
      newUserCalls[user.key] = (newUserCalls[user.key] ?? 0) + user.calls;
    }
  }

  return splitVolumeOf({
    ...input,
    newUsers: new Set(newcomers.map((u) => u.userId)).size,
    newUserCalls,
  });
}

/**
 * {@link splitVolume} from the new users counted already: how many they
 * are and the calls they made per group key (a {@link UserSummary}).
 *
 * @example
 * ```ts
 * // one new user made all 24 chat calls of a group worth 3,000,000 nano a call
 * splitVolumeOf({ groups, newUsers: 1, newUserCalls: { chat: 24 }, windows, volumeUsdPerDay: '0.072000000' });
 * // { newUsersUsdPerDay: '0.072000000', existingUsersUsdPerDay: '0.000000000', newUsers: 1 }
 * ```
 */
export function splitVolumeOf(input: {
  groups: readonly GroupVolume[];
  newUsers: number;
  newUserCalls: Readonly<Record<string, number>>;
  windows: { before: TimeWindow; after: TimeWindow };
  volumeUsdPerDay: string;
}): VolumeSplit {
  const { groups, windows } = input;
  const fromNewUsers = groups.map((group) =>
    mul(
      group.costPerCall,
      perDay(BigInt(callsOf(input.newUserCalls, group.key)), windows.after),
    ),
  );
  const exactNew = sum(fromNewUsers);
  const exactExisting = sub(sum(groups.map((g) => g.volume)), exactNew);
  const [newNano = 0n, existingNano = 0n] = allocateRounded(
    [exactNew, exactExisting],
    parseUsd(input.volumeUsdPerDay),
  );

  return {
    newUsersUsdPerDay: formatUsd(newNano),
    existingUsersUsdPerDay: formatUsd(existingNano),
    newUsers: input.newUsers,
  };
}

/**
 * How concentrated cost is on a few users in one window: the share of the
 * top 1% of users (at least one user) and of the top ten.
 */
export function concentration(
  activity: readonly UserActivity[],
  window: TimeWindow,
): Concentration {
  const byUser = new Map<string, bigint>();
  for (const row of activity) {
    byUser.set(
      row.userId,
      (byUser.get(row.userId) ?? 0n) + parseUsd(row.costUsd),
    );
  }

  const ranked = [...byUser.entries()].map(([userId, costNano]) => ({
    userId,
    costNano,
  }));
  const totalNano = ranked.reduce((total, user) => total + user.costNano, 0n);

  return concentrationOf(
    { users: ranked.length, totalNano, top: ranked },
    window,
  );
}

/** One user's exact cost in a window, nano-USD. */
export interface UserCost {
  userId: string;
  costNano: bigint;
}

/**
 * {@link concentration} from what it is made of: the number of users, the
 * window's total cost and the costliest users, exact. `top` may hold any
 * users as long as it holds the top 1% and the top ten (it is ranked
 * here, costliest first, ties by id).
 *
 * @example
 * ```ts
 * concentrationOf(
 *   { users: 2, totalNano: 244_800_000n, top: [{ userId: 'u_1', costNano: 158_400_000n }, { userId: 'u_2', costNano: 86_400_000n }] },
 *   { from: new Date('2026-11-01'), to: new Date('2026-11-02') },
 * ).topOnePercentShare; // 0.6471
 * ```
 */
export function concentrationOf(
  measured: { users: number; totalNano: bigint; top: readonly UserCost[] },
  window: TimeWindow,
): Concentration {
  const { users, totalNano } = measured;
  const ranked = [...measured.top].sort(byCostThenId);
  const topOnePercentUsers = Math.max(1, Math.ceil(users / 100));
  const shareOf = (count: number) =>
    totalNano === 0n
      ? 0
      : round4(
          toNumber({
            num: ranked.slice(0, count).reduce((s, u) => s + u.costNano, 0n),
            den: totalNano,
          }),
        );

  return {
    users,
    topOnePercentUsers: users === 0 ? 0 : topOnePercentUsers,
    topOnePercentShare: shareOf(topOnePercentUsers),
    topTenShare: shareOf(10),
    topUsers: ranked.slice(0, 10).map((user) => ({
      userId: user.userId,
      usdPerDay: formatUsd(roundHalfEven(perDay(user.costNano, window))),
    })),
  };
}

/** Costliest first, ties by user id. */
export function byCostThenId(a: UserCost, b: UserCost): number {
  if (a.costNano === b.costNano) return a.userId < b.userId ? -1 : 1;

  return a.costNano > b.costNano ? -1 : 1;
}

/**
 * The first `count` of `items` in `order`: what a stable sort and a slice
 * give. For a small `count` (the top 1% of 10,000 users) it keeps a sorted
 * list of the first ones seen, which costs about one comparison per item
 * that does not make the list; past {@link MAX_KEPT_IN_ORDER} it sorts
 * all the items instead, so that input already in reverse order cannot
 * make it quadratic.
 *
 * @example
 * ```ts
 * firstInOrder([3n, 9n, 1n, 7n], 2, (a, b) => (a > b ? -1 : a < b ? 1 : 0));
 * // [9n, 7n]
 * ```
 */
export const MAX_KEPT_IN_ORDER = 1000;

/** See {@link firstInOrder}. */
export function firstInOrder<T>(
  items: Iterable<T>,
  count: number,
  order: (a: T, b: T) => number,
): T[] {
  const first: T[] = [];
  if (count <= 0) return first;
  if (count > MAX_KEPT_IN_ORDER) return [...items].sort(order).slice(0, count);

  for (const item of items) {
    const last = first[first.length - 1] as T;
    if (first.length === count && order(item, last) >= 0) continue;

    // after every item it ties with, as a stable sort keeps them
    let low = 0;
    let high = first.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (order(first[middle] as T, item) <= 0) low = middle + 1;
      else high = middle;
    }
    first.splice(low, 0, item);
    if (first.length > count) first.pop();
  }

  return first;
}

/** The calls of a key, 0 when absent (never a property of Object). */
function callsOf(calls: Readonly<Record<string, number>>, key: string): number {
  return Object.hasOwn(calls, key) ? (calls[key] ?? 0) : 0;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
