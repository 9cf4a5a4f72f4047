import {
  costPerCall,
  costPerDay,
  type Factors,
  type GroupTotals,
  pairFactors,
  promptTokenCount,
  share,
} from './factors.js';
import { mul, type Rational, ratio, sub, toNumber, ZERO } from './rational.js';
import { shapley, shapleyValue } from './shapley.js';
import { DRIVERS, type Driver, type TimeWindow } from './types.js';

/** The exact decomposition of one group's change in cost per day. */
export interface ExactChange {
  before: Rational;
  after: Rational;
  total: Rational;
  /** In {@link DRIVERS} order; sums exactly to `total`. */
  contributions: Rational[];
  /**
   * What one call per day more is worth to the group's volume driver: its
   * cost per call, averaged the Shapley way over the before and after
   * levels of the other drivers. The volume contribution is exactly the
   * change in calls per day times this (cost is linear in volume), and it
   * is defined even when calls per day did not change, as when new users
   * replace users who left: their calls are then worth this much each, up
   * and down. E.g. 10 calls a day of $0.003, then 10 of $0.006 (bigger
   * prompts): 4,500,000 nano, half of each.
   */
  volumeCostPerCall: Rational;
}

const VOLUME = DRIVERS.indexOf('volume');
const VOLUME_BIT = 1 << VOLUME;

/**
 * Splits the change of one group's cost per day between two windows into
 * the six {@link DRIVERS}, by Shapley values over the product form of
 * `factors.ts`. Exact: no rounding happens here. Cost is volume times the
 * cost of a call, so the cost of a call is worked out once for each mix
 * of the other five drivers, for the split and for the volume's worth.
 */
export function decomposeChange(
  before: GroupTotals,
  after: GroupTotals,
  windows: { before: TimeWindow; after: TimeWindow },
): ExactChange {
  const pair = pairFactors(before, after, windows);
  const perCall = perCallByMix(pair);
  const volume = (mask: number) =>
    (mask & VOLUME_BIT ? pair.after : pair.before).volume;
  const contributions = shapley(DRIVERS.length, (mask) =>
    mul(volume(mask), perCall(mask)),
  );
  const start = costPerDay(before, windows.before);
  const end = costPerDay(after, windows.after);

  return {
    before: start,
    after: end,
    total: sub(end, start),
    contributions,
    volumeCostPerCall: unitVolumeValue(perCall),
  };
}

/**
 * The cost of a call for each mix of the drivers but volume (the volume
 * bit of `mask` is ignored), each worked out once.
 */
function perCallByMix(pair: {
  before: Factors;
  after: Factors;
}): (mask: number) => Rational {
  const costs = new Map<number, Rational>();

  return (mask) => {
    const mix = mask & ~VOLUME_BIT;
    let cost = costs.get(mix);
    if (cost === undefined) {
      cost = costPerCall(mixFactors(pair, mix));
      costs.set(mix, cost);
    }

    return cost;
  };
}

/** The volume's Shapley value when volume goes from 0 to 1 call per day. */
function unitVolumeValue(perCall: (mask: number) => Rational): Rational {
  return shapleyValue(DRIVERS.length, VOLUME, (mask) =>
    mask & VOLUME_BIT ? perCall(mask) : ZERO,
  );
}

function mixFactors(
  pair: { before: Factors; after: Factors },
  mask: number,
): Factors {
  const side = (driver: Driver) =>
    mask & (1 << DRIVERS.indexOf(driver)) ? pair.after : pair.before;

  return {
    volume: side('volume').volume,
    promptSize: side('promptSize').promptSize,
    cacheMix: side('cacheMix').cacheMix,
    outputSize: side('outputSize').outputSize,
    unitSize: side('unitSize').unitSize,
    price: side('price').price,
  };
}

/**
 * The measure behind each driver, before and after, for people: calls per
 * day, prompt and output tokens per call, cache read and write shares,
 * pages per call, and the average prompt price, USD per million tokens.
 */
export function driverDetails(
  before: GroupTotals,
  after: GroupTotals,
  windows: { before: TimeWindow; after: TimeWindow },
): Record<Driver, Record<string, unknown>> {
  const both = (measure: (t: GroupTotals, w: TimeWindow) => number | null) => ({
    before: measure(before, windows.before),
    after: measure(after, windows.after),
  });
  const perCall = (count: (t: GroupTotals) => bigint) => (t: GroupTotals) =>
    rounded(share(count(t), t.calls), 1);
  const promptShare = (count: (t: GroupTotals) => bigint) => (t: GroupTotals) =>
    rounded(share(count(t), promptTokenCount(t)), 4);

  return {
    volume: { measure: 'callsPerDay', ...both(callsPerDay) },
    promptSize: {
      measure: 'promptTokensPerCall',
      ...both(perCall(promptTokenCount)),
    },
    cacheMix: {
      measure: 'cacheReadShare',
      ...both(promptShare((t) => t.tokens.cacheRead)),
      cacheWriteShare: both(
        promptShare((t) => t.tokens.cacheWrite + t.tokens.cacheWrite1h),
      ),
    },
    outputSize: {
      measure: 'outputTokensPerCall',
      ...both(perCall((t) => t.tokens.output)),
    },
    unitSize: {
      measure: 'pagesPerCall',
      ...both(perCall((t) => t.pages)),
    },
    price: {
      measure: 'usdPerMillionPromptTokens',
      ...both((t) => promptPrice(t)),
    },
  };
}

function callsPerDay(totals: GroupTotals, window: TimeWindow): number {
  const ms = window.to.getTime() - window.from.getTime();

  return rounded(ratio(totals.calls * 86_400_000n, BigInt(ms)), 2) ?? 0;
}

/** Average prompt price, USD per million prompt tokens. */
function promptPrice(totals: GroupTotals): number | null {
  const cost =
    totals.costNano.input +
    totals.costNano.cacheRead +
    totals.costNano.cacheWrite;

  return rounded(share(cost, promptTokenCount(totals) * 1000n), 4);
}

function rounded(value: Rational | null, digits: number): number | null {
  if (value === null) return null;

  const scale = 10 ** digits;

  return Math.round(toNumber(value) * scale) / scale;
}
