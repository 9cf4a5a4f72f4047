import { formatUsd, parseUsd } from '../money.js';
import { allocateRounded } from './allocate.js';
import { perDay } from './factors.js';
import {
  div,
  isZero,
  mul,
  type Rational,
  roundHalfEven,
  sub,
  sum,
  toNumber,
  ZERO,
} from './rational.js';
import type {
  Concentration,
  TimeWindow,
  UserActivity,
  VolumeSplit,
} from './types.js';

/** One group's volume effect and its call counts, for {@link splitVolume}. */
export interface GroupVolume {
  key: string;
  beforeCalls: bigint;
  afterCalls: bigint;
  /** The exact volume contribution of the group. */
  volume: Rational;
}

/**
 * Splits the volume driver between users not seen in the before window and
 * the users who were: in each group, the volume effect is shared in
 * proportion to each side's part of the change in calls per day. The two
 * parts add up exactly to the (already rounded) overall volume driver.
 */
export function splitVolume(input: {
  groups: readonly GroupVolume[];
  users: { before: readonly UserActivity[]; after: readonly UserActivity[] };
  windows: { before: TimeWindow; after: TimeWindow };
  volumeUsdPerDay: string;
}): VolumeSplit {
  const { groups, users, windows } = input;
  const known = new Set(users.before.map((u) => u.userId));
  const newcomers = users.after.filter((u) => !known.has(u.userId));
  const newCalls = new Map<string, bigint>();
  for (const user of newcomers) {
    newCalls.set(user.key, (newCalls.get(user.key) ?? 0n) + BigInt(user.calls));
  }

  const fromNewUsers = groups.map((group) => {
    const change = sub(
      perDay(group.afterCalls, windows.after),
      perDay(group.beforeCalls, windows.before),
    );
    if (isZero(change)) return ZERO;

    const added = perDay(newCalls.get(group.key) ?? 0n, windows.after);
    return mul(group.volume, div(added, change));
  });
  const exactNew = sum(fromNewUsers);
  const exactExisting = sub(sum(groups.map((g) => g.volume)), exactNew);
  const [newNano = 0n, existingNano = 0n] = allocateRounded(
    [exactNew, exactExisting],
    parseUsd(input.volumeUsdPerDay),
  );

  return {
    newUsersUsdPerDay: formatUsd(newNano),
    existingUsersUsdPerDay: formatUsd(existingNano),
    newUsers: new Set(newcomers.map((u) => u.userId)).size,
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

  const ranked = [...byUser.entries()].sort((a, b) =>
    a[1] === b[1] ? (a[0] < b[0] ? -1 : 1) : a[1] > b[1] ? -1 : 1,
  );
  const total = ranked.reduce((sum, [, cost]) => sum + cost, 0n);
  const topOnePercentUsers = Math.max(1, Math.ceil(ranked.length / 100));
  const shareOf = (count: number) =>
    total === 0n
      ? 0
      : round4(
          toNumber({
            num: ranked.slice(0, count).reduce((s, [, cost]) => s + cost, 0n),
            den: total,
          }),
        );

  return {
    users: ranked.length,
    topOnePercentUsers: ranked.length === 0 ? 0 : topOnePercentUsers,
    topOnePercentShare: shareOf(topOnePercentUsers),
    topTenShare: shareOf(10),
    topUsers: ranked.slice(0, 10).map(([userId, cost]) => ({
      userId,
      usdPerDay: formatUsd(roundHalfEven(perDay(cost, window))),
    })),
  };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
