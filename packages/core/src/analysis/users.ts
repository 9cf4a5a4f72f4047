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
  /** What one call per day is worth to it (`volumeCostPerCall`). */
  costPerCall: Rational;
}

/**
 * Splits the volume driver between users not seen in the before window and
 * the users who were. In each group, new users' calls per day are worth
 * the group's volume cost per call (`volumeCostPerCall`, decompose.ts); the users
 * seen before (those who left included) get the rest of the group's volume
 * effect. So when new users replace users who left and the call count
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
  const { groups, users, windows } = input;
  const known = new Set(users.before.map((u) => u.userId));
  const newcomers = users.after.filter((u) => !known.has(u.userId));
  const newCalls = new Map<string, bigint>();
  if (users.newUserCalls) {
    for (const [key, calls] of Object.entries(users.newUserCalls)) {
      newCalls.set(key, BigInt(calls));
    }
  } else {
    for (const user of newcomers) {
      const calls = (newCalls.get(user.key) ?? 0n) + BigInt(user.calls);
      newCalls.set(user.key, calls);
    }
  }

  const fromNewUsers = groups.map((group) =>
    mul(
      group.costPerCall,
      perDay(newCalls.get(group.key) ?? 0n, windows.after),
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
