import { parseDecimal } from './decimal.js';
import type { TokenPrices, UnitPrices } from './types.js';

/** Every billed quantity of a call, each with its own rate. */
export const RATE_CLASSES = [
  'input',
  'inputAudio',
  'output',
  'cacheWrite',
  'cacheWrite1h',
  'cacheRead',
  'page',
  'image',
  'request',
] as const;

export type RateClass = (typeof RATE_CLASSES)[number];

/**
 * Rates of one entry, tier and call kind, in pico-USD per token (or per
 * unit) times `scale`, so every rate is an exact integer. A component's
 * nano-USD is `sum(count * rate) / (1000 * scale)`, rounded half to even.
 * When `scale` is 1 the rates also exist as plain numbers (`fast`) for the
 * float-free integer fast path.
 */
export interface RateSet {
  readonly scale: bigint;
  readonly exact: Readonly<Record<RateClass, bigint | null>>;
  readonly fast: Readonly<Record<RateClass, number>> | null;
}

const PICO_PER_USD_PER_MILLION_TOKENS = 6;
const PICO_PER_USD = 12;

/**
 * Compiles decimal prices and decimal multipliers into a {@link RateSet}.
 * Audio input without its own price is billed at the input rate.
 */
export function compileRates(
  prices: TokenPrices,
  units: UnitPrices | undefined,
  multipliers: readonly string[],
): RateSet {
  const multiplier = multiplyDecimals(multipliers);
  const raw: Record<RateClass, RawRate | null> = {
    input: tokenRate(prices.input),
    inputAudio: tokenRate(prices.inputAudio ?? prices.input),
    output: tokenRate(prices.output),
    cacheWrite: tokenRate(prices.cacheWrite),
    cacheWrite1h: tokenRate(prices.cacheWrite1h),
    cacheRead: tokenRate(prices.cacheRead),
    page: unitRate(units?.page),
    image: unitRate(units?.image),
    request: unitRate(units?.request),
  };

  return toRateSet(raw, multiplier);
}

interface RawRate {
  digits: bigint;
  /** Power of ten dividing `digits`. */
  scale: number;
}

function tokenRate(price: string | undefined): RawRate | null {
  return scaled(price, PICO_PER_USD_PER_MILLION_TOKENS);
}

function unitRate(price: string | undefined): RawRate | null {
  return scaled(price, PICO_PER_USD);
}

function scaled(price: string | undefined, powerOfTen: number): RawRate | null {
  if (price === undefined) return null;

  const decimal = parseDecimal(price);
  if (!decimal) throw new RangeError(`Not a decimal price: ${price}`);

  return { digits: decimal.digits, scale: decimal.scale - powerOfTen };
}

function multiplyDecimals(values: readonly string[]): RawRate {
  let product: RawRate = { digits: 1n, scale: 0 };

  for (const value of values) {
    const decimal = parseDecimal(value);
    if (!decimal) throw new RangeError(`Not a decimal multiplier: ${value}`);

    product = {
      digits: product.digits * decimal.digits,
      scale: product.scale + decimal.scale,
    };
  }

  return product;
}

function toRateSet(
  raw: Record<RateClass, RawRate | null>,
  multiplier: RawRate,
): RateSet {
  const combined = RATE_CLASSES.map((name) => {
    const rate = raw[name];
    if (!rate) return null;

    return normalize({
      digits: rate.digits * multiplier.digits,
      scale: rate.scale + multiplier.scale,
    });
  });
  const scaleDigits = Math.max(0, ...combined.map((rate) => rate?.scale ?? 0));
  const scale = 10n ** BigInt(scaleDigits);

  const exact = {} as Record<RateClass, bigint | null>;
  RATE_CLASSES.forEach((name, index) => {
    exact[name] = toScale(combined[index] ?? null, scaleDigits);
  });

  return { scale, exact, fast: scale === 1n ? toNumbers(exact) : null };
}

function normalize(rate: RawRate): RawRate {
  let { digits, scale } = rate;

  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n;
    scale -= 1;
  }

  return { digits, scale };
}

function toScale(rate: RawRate | null, scaleDigits: number): bigint | null {
  if (!rate) return null;

  return rate.digits * 10n ** BigInt(scaleDigits - rate.scale);
}

function toNumbers(
  exact: Record<RateClass, bigint | null>,
): Record<RateClass, number> | null {
  const fast = {} as Record<RateClass, number>;

  for (const name of RATE_CLASSES) {
    const rate = exact[name] ?? 0n;
    if (rate > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    fast[name] = Number(rate);
  }

  return fast;
}
