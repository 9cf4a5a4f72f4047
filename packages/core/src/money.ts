/**
 * Money in tokenledger is exact. Every amount is an integer count of
 * nano-dollars (1 nano-USD = 0.000000001 USD) held in a `bigint`, and it
 * crosses every public boundary as a decimal string with exactly
 * {@link USD_DECIMALS} decimals, e.g. `"0.009975000"`.
 *
 * The rounding rule (see docs/pricing.md) is applied once per event and per
 * cost component, when the pricing engine turns an exact rational amount into
 * nano-USD: round half to even. Sums of stored amounts are exact integer sums,
 * so a million events add up to the last digit.
 *
 * @module
 */

/** Decimals kept by every stored and reported USD amount. */
export const USD_DECIMALS = 9;

/** Nano-USD in one USD, as a bigint. */
export const NANO_PER_USD = 1_000_000_000n;

const USD_PATTERN = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal USD string into nano-USD.
 *
 * Accepts at most {@link USD_DECIMALS} decimals, so the conversion is exact;
 * anything else throws a `RangeError` that names the value.
 *
 * @example
 * ```ts
 * parseUsd('0.009975'); // 9975000n
 * ```
 */
export function parseUsd(value: string): bigint {
  if (STORED_USD_PATTERN.test(value)) return nanoOfStoredUsd(value);

  const match = USD_PATTERN.exec(value.trim());

  if (!match) {
    throw new RangeError(
      `Not a decimal USD amount: ${JSON.stringify(value)}. Use digits with an optional "." and up to ${USD_DECIMALS} decimals, e.g. "0.004185".`,
    );
  }

  const [, sign, whole = '0', fraction = ''] = match;
  if (fraction.length > USD_DECIMALS) {
    throw new RangeError(
      `USD amount ${JSON.stringify(value)} has ${fraction.length} decimals; tokenledger keeps ${USD_DECIMALS} (nano-USD).`,
    );
  }

  const nano =
    BigInt(whole) * NANO_PER_USD +
    BigInt(fraction.padEnd(USD_DECIMALS, '0') || '0');

  return sign ? -nano : nano;
}

/** The form every stored amount has: exactly 9 decimals, no spaces. */
const STORED_USD_PATTERN = /^-?\d+\.\d{9}$/;

/**
 * Nano-USD of an amount already checked to have exactly 9 decimals: its
 * digits without the point, read as one integer (the sign stays in front).
 */
export function nanoOfStoredUsd(value: string): bigint {
  return BigInt(value.slice(0, -10) + value.slice(-9));
}

/**
 * Formats nano-USD as a decimal USD string with exactly {@link USD_DECIMALS}
 * decimals.
 *
 * @example
 * ```ts
 * formatUsd(9975000n); // '0.009975000'
 * ```
 */
export function formatUsd(nano: bigint): string {
  const negative = nano < 0n;
  const abs = negative ? -nano : nano;
  const whole = abs / NANO_PER_USD;
  const fraction = (abs % NANO_PER_USD).toString().padStart(USD_DECIMALS, '0');

  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * Adds decimal USD strings exactly.
 *
 * @example
 * ```ts
 * sumUsd(['0.1', '0.2']); // '0.300000000'
 * ```
 */
export function sumUsd(values: Iterable<string>): string {
  let total = 0n;
  for (const value of values) total += parseUsd(value);

  return formatUsd(total);
}

/**
 * Divides `numerator` by `denominator` (both integers, denominator > 0) and
 * rounds half to even: the one rounding rule of tokenledger.
 *
 * @example
 * ```ts
 * divRoundHalfEven(5n, 2n); // 2n
 * divRoundHalfEven(7n, 2n); // 4n
 * ```
 */
export function divRoundHalfEven(
  numerator: bigint,
  denominator: bigint,
): bigint {
  if (denominator <= 0n) {
    throw new RangeError(
      `divRoundHalfEven needs a positive denominator, got ${denominator}.`,
    );
  }

  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  let quotient = abs / denominator;
  const twiceRemainder = (abs % denominator) * 2n;

  if (
    twiceRemainder > denominator ||
    (twiceRemainder === denominator && quotient % 2n === 1n)
  ) {
    quotient += 1n;
  }

  return negative ? -quotient : quotient;
}
