import { divRoundHalfEven, formatUsd } from '../money.js';
import type { TokenUsage } from '../schema.js';
import { formatNano } from './format.js';
import type { RateClass, RateSet } from './rates.js';

/**
 * Nano-USD per cost component of one call: `number` on the integer fast
 * path (every value, and their sum, a whole number below 2^53), `bigint` on
 * the exact path.
 */
export interface NanoBreakdown<T extends number | bigint = number | bigint> {
  input: T;
  output: T;
  cacheWrite: T;
  cacheRead: T;
  units: T;
}

/** The total and the five components, as 9-decimal USD strings. */
export interface UsdAmounts {
  totalUsd: string;
  breakdown: {
    input: string;
    output: string;
    cacheWrite: string;
    cacheRead: string;
    units: string;
  };
}

/** Whether the call used a class the rate set has no price for. */
export function lacksRate(usage: TokenUsage, rates: RateSet): boolean {
  const r = rates.exact;

  return (
    (r.cacheRead === null && usage.cacheReadTokens > 0) ||
    (r.cacheWrite === null && usage.cacheWriteTokens > 0) ||
    (r.cacheWrite1h === null && usage.cacheWrite1hTokens > 0) ||
    (r.page === null && (usage.pages ?? 0) > 0) ||
    (r.image === null && (usage.images ?? 0) > 0) ||
    (r.request === null && (usage.requests ?? 0) > 0)
  );
}

/** The classes a call used that the rate set has no price for. */
export function missingRates(usage: TokenUsage, rates: RateSet): RateClass[] {
  const missing: RateClass[] = [];
  const counts = usageCounts(usage);

  for (const [name, count] of counts) {
    if (count > 0 && rates.exact[name] === null) missing.push(name);
  }

  return missing;
}

/**
 * Prices every component of a call: the exact pico-USD sum of the
 * component, divided by 1000 and rounded half to even, once; the total is
 * the sum of the rounded components. The integer fast path runs when every
 * rate is a whole number of pico-USD below 2^53 and the pico-USD sum of the
 * call stays below 2^53; the bigint path otherwise, bigint to the string.
 */
export function priceComponents(usage: TokenUsage, rates: RateSet): UsdAmounts {
  const fast = rates.fast ? computeFast(usage, rates.fast) : null;
  if (fast) {
    // whole numbers below 2^53 add exactly, and the total is below 2^53
    // too: it is at most the pico-USD sum / 1000 + 5
    const { input, output, cacheWrite, cacheRead, units } = fast;
    const total = input + output + cacheWrite + cacheRead + units;

    return usdAmounts(fast, total, formatNano);
  }

  const exact = computeExact(usage, rates);
  const { input, output, cacheWrite, cacheRead, units } = exact;
  const total = input + output + cacheWrite + cacheRead + units;

  return usdAmounts(exact, total, formatUsd);
}

/**
 * The same rule as {@link priceComponents}, as nano-USD counts (bigint
 * whenever the fast path does not apply).
 */
export function computeNano(usage: TokenUsage, rates: RateSet): NanoBreakdown {
  const fast = rates.fast ? computeFast(usage, rates.fast) : null;

  return fast ?? computeExact(usage, rates);
}

/** The total and each component formatted by `format`. */
function usdAmounts<T extends number | bigint>(
  nano: NanoBreakdown<T>,
  total: T,
  format: (amount: T) => string,
): UsdAmounts {
  return {
    totalUsd: format(total),
    breakdown: {
      input: format(nano.input),
      output: format(nano.output),
      cacheWrite: format(nano.cacheWrite),
      cacheRead: format(nano.cacheRead),
      units: format(nano.units),
    },
  };
}

/**
 * The integer fast path alone; null when the call's pico-USD sum is not
 * below 2^53. Every rate and count is a whole number below 2^53, so each
 * product and partial sum is exact until one reaches 2^53, and rounding is
 * monotonic: a true sum at or past 2^53 never comes out below it, which
 * makes the one check on the sum sufficient.
 */
export function computeFast(
  usage: TokenUsage,
  rate: Readonly<Record<RateClass, number>>,
): NanoBreakdown<number> | null {
  const audio = usage.audioInputTokens;
  const input =
    (usage.inputTokens - audio) * rate.input + audio * rate.inputAudio;
  const output = usage.outputTokens * rate.output;
  const cacheWrite =
    usage.cacheWriteTokens * rate.cacheWrite +
    usage.cacheWrite1hTokens * rate.cacheWrite1h;
  const cacheRead = usage.cacheReadTokens * rate.cacheRead;
  const units =
    (usage.pages ?? 0) * rate.page +
    (usage.images ?? 0) * rate.image +
    (usage.requests ?? 0) * rate.request;

  if (input + output + cacheWrite + cacheRead + units >= 2 ** 53) {
    return null;
  }

  return {
    input: picoToNano(input),
    output: picoToNano(output),
    cacheWrite: picoToNano(cacheWrite),
    cacheRead: picoToNano(cacheRead),
    units: picoToNano(units),
  };
}

/**
 * Whole pico-USD (< 2^53) to nano-USD, half to even. `%` is exact, and
 * `pico - remainder` is a multiple of 1000, so the division is exact too.
 */
function picoToNano(pico: number): number {
  if (pico === 0) return 0;

  const remainder = pico % 1000;
  let quotient = (pico - remainder) / 1000;
  if (remainder > 500 || (remainder === 500 && quotient % 2 === 1)) {
    quotient += 1;
  }

  return quotient;
}

/** The bigint path alone; exported so tests can compare both paths. */
export function computeExact(
  usage: TokenUsage,
  rates: RateSet,
): NanoBreakdown<bigint> {
  const divisor = 1000n * rates.scale;
  const r = rates.exact;
  const audio = BigInt(usage.audioInputTokens);

  const input =
    (BigInt(usage.inputTokens) - audio) * (r.input ?? 0n) +
    audio * (r.inputAudio ?? 0n);
  const output = BigInt(usage.outputTokens) * (r.output ?? 0n);
  const cacheWrite =
    BigInt(usage.cacheWriteTokens) * (r.cacheWrite ?? 0n) +
    BigInt(usage.cacheWrite1hTokens) * (r.cacheWrite1h ?? 0n);
  const cacheRead = BigInt(usage.cacheReadTokens) * (r.cacheRead ?? 0n);
  const units =
    BigInt(usage.pages ?? 0) * (r.page ?? 0n) +
    BigInt(usage.images ?? 0) * (r.image ?? 0n) +
    BigInt(usage.requests ?? 0) * (r.request ?? 0n);

  return {
    input: divRoundHalfEven(input, divisor),
    output: divRoundHalfEven(output, divisor),
    cacheWrite: divRoundHalfEven(cacheWrite, divisor),
    cacheRead: divRoundHalfEven(cacheRead, divisor),
    units: divRoundHalfEven(units, divisor),
  };
}

function usageCounts(usage: TokenUsage): Array<[RateClass, number]> {
  return [
    ['input', usage.inputTokens - usage.audioInputTokens],
    ['inputAudio', usage.audioInputTokens],
    ['output', usage.outputTokens],
    ['cacheWrite', usage.cacheWriteTokens],
    ['cacheWrite1h', usage.cacheWrite1hTokens],
    ['cacheRead', usage.cacheReadTokens],
    ['page', usage.pages ?? 0],
    ['image', usage.images ?? 0],
    ['request', usage.requests ?? 0],
  ];
}
