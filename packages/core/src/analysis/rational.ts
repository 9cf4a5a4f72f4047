import { divRoundHalfEven } from '../money.js';

/**
 * An exact rational number `num / den` with `den > 0`. The analysis keeps
 * every intermediate amount exact and rounds once, at the end, to nano-USD.
 */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** Zero. */
export const ZERO: Rational = { num: 0n, den: 1n };

/** One. */
export const ONE: Rational = { num: 1n, den: 1n };

/** `num / den` in lowest terms; `den` must not be zero. */
export function ratio(
  num: bigint | number,
  den: bigint | number = 1n,
): Rational {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n)
    throw new RangeError('A rational needs a non-zero denominator.');

  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const divisor = gcd(n < 0n ? -n : n, d);

  return { num: n / divisor, den: d / divisor };
}

/**
 * `a + b`. Both are in lowest terms, so only what the denominators share
 * can cancel: the gcd is taken of that and the new numerator, not of the
 * full cross products (Henrici), which keeps the numbers it divides small.
 */
export function add(a: Rational, b: Rational): Rational {
  if (a.num === 0n) return b;
  if (b.num === 0n) return a;

  const shared = gcd(a.den, b.den);
  if (shared === 1n) {
    return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
  }

  const aRest = a.den / shared;
  const bRest = b.den / shared;
  const num = a.num * bRest + b.num * aRest;
  if (num === 0n) return ZERO;

  const divisor = gcd(abs(num), shared);

  return { num: num / divisor, den: aRest * (b.den / divisor) };
}

/** `a - b`. */
export function sub(a: Rational, b: Rational): Rational {
  return add(a, { num: -b.num, den: b.den });
}

/**
 * `a * b`, cancelling across before multiplying: both are in lowest terms,
 * so only a numerator and the other denominator can share a factor.
 */
export function mul(a: Rational, b: Rational): Rational {
  if (a.num === 0n || b.num === 0n) return ZERO;

  const left = gcd(abs(a.num), b.den);
  const right = gcd(abs(b.num), a.den);

  return {
    num: (a.num / left) * (b.num / right),
    den: (a.den / right) * (b.den / left),
  };
}

/** `a / b`; `b` must not be zero. */
export function div(a: Rational, b: Rational): Rational {
  return ratio(a.num * b.den, a.den * b.num);
}

/** Sum of a list (zero for none). */
export function sum(values: Iterable<Rational>): Rational {
  let total = ZERO;
  for (const value of values) total = add(total, value);

  return total;
}

/**
 * The values over one denominator, their least common one: `nums[i] / den`
 * equals `values[i]`. Sums of many values are then sums of integers, with
 * one reduction at the end instead of a gcd per addition.
 *
 * @example
 * ```ts
 * onCommonDenominator([ratio(1, 2), ratio(1, 3)]); // { nums: [3n, 2n], den: 6n }
 * ```
 */
export function onCommonDenominator(values: readonly Rational[]): {
  nums: bigint[];
  den: bigint;
} {
  let den = 1n;
  for (const value of values) {
    if (den % value.den !== 0n) den = (den / gcd(den, value.den)) * value.den;
  }

  return { nums: values.map((value) => value.num * (den / value.den)), den };
}

/** True when the value is zero. */
export function isZero(value: Rational): boolean {
  return value.num === 0n;
}

/** `-1`, `0` or `1` by the sign of `a - b`. */
export function compare(a: Rational, b: Rational): number {
  const difference = a.num * b.den - b.num * a.den;

  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** The value rounded half to even to an integer. */
export function roundHalfEven(value: Rational): bigint {
  return divRoundHalfEven(value.num, value.den);
}

/** A float approximation, for ratios shown to people (never for money). */
export function toNumber(value: Rational): number {
  return Number(divRoundHalfEven(value.num * 1_000_000_000n, value.den)) / 1e9;
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Greatest common divisor of `a, b >= 0`; 1 when both are 0. */
function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) {
    if (x <= SAFE && y <= SAFE) return BigInt(smallGcd(Number(x), Number(y)));

    [x, y] = [y, x % y];
  }

  return x === 0n ? 1n : x;
}

/** {@link gcd} of whole numbers below 2^53, in floating point (exact there). */
function smallGcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];

  return x === 0 ? 1 : x;
}
