import { divRoundHalfEven } from '../money.js';
import type { TokenUsage } from '../schema.js';
import type { RateClass, RateSet } from './rates.js';

/** Nano-USD per cost component of one call (each < 2^53, so a number). */
export interface NanoBreakdown {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  units: number;
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
 * component, divided by 1000 and rounded half to even, once. Plain integer
 * arithmetic when the rates are integers and the sum stays below 2^53
 * (exact by construction); bigint otherwise.
 */
export function computeNano(usage: TokenUsage, rates: RateSet): NanoBreakdown {
  const fast = rates.fast;
  if (fast) {
    const result = computeFast(usage, fast);
    if (result) return result;
  }

  return computeExact(usage, rates);
}

/** The integer fast path alone; null when a sum would pass 2^53. */
export function computeFast(
  usage: TokenUsage,
  rate: Readonly<Record<RateClass, number>>,
): NanoBreakdown | null {
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

  if (input + output + cacheWrite + cacheRead + units > MAX_EXACT) {
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

const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/** Integer pico-USD (< 2^53) to nano-USD, half to even, without floats. */
function picoToNano(pico: number): number {
  if (pico === 0) return 0;

  let quotient = Math.floor(pico / 1000);
  let remainder = pico - quotient * 1000;
  if (remainder < 0) {
    quotient -= 1;
    remainder += 1000;
  } else if (remainder >= 1000) {
    quotient += 1;
    remainder -= 1000;
  }

  if (remainder > 500 || (remainder === 500 && quotient % 2 === 1)) {
    quotient += 1;
  }

  return quotient;
}

/** The bigint path alone; exported so tests can compare both paths. */
export function computeExact(usage: TokenUsage, rates: RateSet): NanoBreakdown {
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
    input: roundToNano(input, divisor),
    output: roundToNano(output, divisor),
    cacheWrite: roundToNano(cacheWrite, divisor),
    cacheRead: roundToNano(cacheRead, divisor),
    units: roundToNano(units, divisor),
  };
}

function roundToNano(scaledPico: bigint, divisor: bigint): number {
  return Number(divRoundHalfEven(scaledPico, divisor));
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
