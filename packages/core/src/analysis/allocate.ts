import { compare, type Rational, roundHalfEven, sub, sum } from './rational.js';

/**
 * Rounds exact parts to whole units so that they add up to the rounded
 * total, exactly. Each part is rounded half to even; the few units of
 * difference left (fewer than the number of parts) go one each to the parts
 * whose rounding moved them furthest the other way (largest remainder),
 * ties to the earlier part. A `target` other than the rounded sum (a
 * total already rounded elsewhere) is met the same way.
 *
 * @example
 * ```ts
 * // thirds of 1 nano: each rounds to 0, the total to 1
 * allocateRounded([ratio(1, 3), ratio(1, 3), ratio(1, 3)]); // [1n, 0n, 0n]
 * ```
 */
export function allocateRounded(
  parts: readonly Rational[],
  target: bigint = roundHalfEven(sum(parts)),
): bigint[] {
  const rounded = parts.map(roundHalfEven);
  let left = target - rounded.reduce((total, part) => total + part, 0n);
  if (left === 0n) return rounded;

  const step = left > 0n ? 1n : -1n;
  const sign = left > 0n ? -1 : 1;
  const order = parts
    .map((part, index) => ({
      index,
      lost: sub(part, { num: rounded[index] ?? 0n, den: 1n }),
    }))
    .sort((a, b) => sign * compare(a.lost, b.lost) || a.index - b.index);

  for (let turn = 0; left !== 0n && order.length > 0; turn += 1) {
    const { index } = order[turn % order.length] ?? { index: 0 };

    rounded[index] = (rounded[index] ?? 0n) + step;
    left -= step;
  }

  return rounded;
}
