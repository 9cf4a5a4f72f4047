import { type Rational, ratio } from '../rational.js';

/** The median of whole amounts, exact (a half for an even count). */
export function median(values: readonly bigint[]): Rational {
  if (values.length === 0) return ratio(0);

  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0n;
  if (sorted.length % 2 === 1) return ratio(upper);

  return ratio((sorted[middle - 1] ?? 0n) + upper, 2n);
}

/**
 * Median and median absolute deviation of whole amounts, exact: the robust
 * centre and spread of a baseline, which a single past spike cannot move.
 *
 * @example
 * ```ts
 * robustBaseline([10n, 12n, 11n, 400n]); // median 23/2, MAD 1
 * ```
 */
export function robustBaseline(values: readonly bigint[]): {
  median: Rational;
  mad: Rational;
} {
  const centre = median(values);
  // |2x - 2m| / 2 keeps the deviations whole when the median is a half
  const deviations = values.map((value) => {
    const twice = value * 2n * centre.den - 2n * centre.num;
    return (twice < 0n ? -twice : twice) / centre.den;
  });
  const twiceMad = median(deviations);

  return { median: centre, mad: ratio(twiceMad.num, twiceMad.den * 2n) };
}
