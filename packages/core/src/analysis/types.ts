import type { CostBreakdown } from '../schema.js';

/** The drivers a change in cost per day is split into, in report order. */
export const DRIVERS = [
  'volume',
  'promptSize',
  'cacheMix',
  'outputSize',
  'unitSize',
  'price',
] as const;

/**
 * One multiplicative driver of cost per day: calls per day (`volume`),
 * prompt tokens per call (`promptSize`), the split of prompt tokens among
 * uncached, cache read and cache write (`cacheMix`), output tokens per call
 * (`outputSize`), pages per call (`unitSize`, OCR), and price per token, per
 * page and per call (`price`: model mix, price changes, tiers, per-request
 * and per-image charges).
 */
export type Driver = (typeof DRIVERS)[number];

/** A half-open time window, `from <= t < to`. */
export interface TimeWindow {
  from: Date;
  to: Date;
}

/**
 * The totals of the priced calls of one group in one window: the input of
 * {@link explainChange}. An `AggregateRow` of `store.query` with a `key`
 * added is one.
 */
export interface WindowAggregate {
  /** The group, e.g. an endpoint name; `'all'` when ungrouped. */
  key: string;
  calls: number;
  inputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
  /**
   * Pages processed (OCR); 0 when omitted. When a window has pages its
   * `cost.units` is priced per page, else per call.
   */
  pages?: number;
  /** What these calls cost, by class, USD with 9 decimals. */
  cost: CostBreakdown;
}

/** How one driver moved cost per day. */
export interface DriverContribution {
  driver: Driver;
  /** Signed USD per day, 9 decimals. */
  usdPerDay: string;
  /** The measure behind the driver, before and after. */
  detail?: Record<string, unknown>;
}

/** The change of one group, e.g. one endpoint. */
export interface GroupExplanation {
  key: string;
  beforeUsdPerDay: string;
  afterUsdPerDay: string;
  /** Sums exactly to the drivers' `usdPerDay`. */
  totalChangeUsdPerDay: string;
  /** Every driver, largest absolute first. */
  drivers: DriverContribution[];
  /** Releases first seen in the after window (store analyses only). */
  releases?: string[];
}

/**
 * Cost in one window by one user, for the new-user split and concentration.
 * Only the users of the after window not seen before are split by group
 * (and not even they when {@link UserActivityInput} has `newUserCalls`);
 * the rows of the before window and of the users seen in it may come one
 * per user, with any key, as only their totals are read.
 */
export interface UserActivity {
  /** The group (same keys as the aggregates). */
  key: string;
  userId: string;
  calls: number;
  /** USD with 9 decimals (priced calls). */
  costUsd: string;
}

/**
 * The users of both windows, for the volume split and the concentration.
 * `newUserCalls`, when given, is the number of calls per group key that
 * the users new in the after window made; `after` then needs no split by
 * group at all (one row per user is enough). A store can count those calls
 * as the group's calls minus the returning users' when few users return.
 */
export interface UserActivityInput {
  before: UserActivity[];
  after: UserActivity[];
  newUserCalls?: Readonly<Record<string, number>>;
}

/**
 * The users of both windows measured already, for a store with too many
 * users to hand over one row each (`explainFromStore` reads per user only
 * what these need): how many users of the after window were not seen
 * before and the calls they made per group key, and each window's
 * concentration.
 *
 * @example
 * ```ts
 * const summary: UserSummary = {
 *   newUsers: 1,
 *   newUserCalls: { 'POST /chat': 24 },
 *   concentration: { before, after }, // see Concentration
 * };
 * explainChange(beforeRows, afterRows, { before: w1, after: w2, userSummary: summary });
 * ```
 */
export interface UserSummary {
  newUsers: number;
  newUserCalls: Readonly<Record<string, number>>;
  concentration: { before: Concentration; after: Concentration };
}

/** How much of the cost the heaviest users make, in one window. */
export interface Concentration {
  users: number;
  /** How many users the top 1% is (at least one). */
  topOnePercentUsers: number;
  /** Their share of the cost, 0..1. */
  topOnePercentShare: number;
  /** The share of the ten costliest users, 0..1. */
  topTenShare: number;
  /** The ten costliest users, costliest first. */
  topUsers: { userId: string; usdPerDay: string }[];
}

/** The volume driver split by who made the extra (or missing) calls. */
export interface VolumeSplit {
  /** Calls by users not seen in the before window. */
  newUsersUsdPerDay: string;
  /** The change in calls of users seen before (including those who left). */
  existingUsersUsdPerDay: string;
  newUsers: number;
}

/** Why cost per day changed between two windows. */
export interface Explanation {
  beforeUsdPerDay: string;
  afterUsdPerDay: string;
  /** After minus before, USD per day, 9 decimals. */
  totalChangeUsdPerDay: string;
  /** Overall, largest absolute first; sums exactly to the total. */
  drivers: DriverContribution[];
  /** Largest absolute change first. */
  groups: GroupExplanation[];
  /** The same in plain words, biggest first. */
  sentences: string[];
  /** Present when user activity was given. */
  volumeSplit?: VolumeSplit;
  /** Present when user activity was given. */
  concentration?: { before: Concentration; after: Concentration };
}

/** Options of {@link explainChange}. */
export interface ExplainOptions {
  before: TimeWindow;
  after: TimeWindow;
  /** What the group keys are, used in sentences. Default `'group'`. */
  by?: string;
  /** Per-user activity in each window, for the volume split and concentration. */
  users?: UserActivityInput;
  /** The same measured already; used instead of `users` when given. */
  userSummary?: UserSummary;
  /** Releases first seen in the after window, per group key. */
  releases?: Record<string, string[]>;
  /** Words put before the overall sentence, e.g. `'After release 2.4.0'`. */
  title?: string;
}
