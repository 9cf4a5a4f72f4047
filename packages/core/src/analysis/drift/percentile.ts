/**
 * The nearest-rank percentile of whole numbers (`q` in 0..1): the smallest
 * value with at least `q` of the values at or below it. Always one of the
 * values, so token percentiles stay whole. 0 for no values.
 *
 * @example
 * ```ts
 * percentile([10, 20, 30, 40], 0.5); // 20
 * ```
 */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;

  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));

  return sorted[rank - 1] ?? 0;
}
