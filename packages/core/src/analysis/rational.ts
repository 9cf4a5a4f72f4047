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

/** `a + b`. */
export function add(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return ratio(a.num + b.num, a.den);

  return ratio(a.num * b.den + b.num * a.den, a.den * b.den);
}

/** `a - b`. */
export function sub(a: Rational, b: Rational): Rational {
  return add(a, { num: -b.num, den: b.den });
}

/** `a * b`. */
export function mul(a: Rational, b: Rational): Rational {
  return ratio(a.num * b.num, a.den * b.den);
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

function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];

  return x === 0n ? 1n : x;
}
