/**
 * A preset the dashboard's range picker offers.
 *
 * @example
 * ```ts
 * const preset: RangePreset = '7d';
 * ```
 */
export type RangePreset = '24h' | '7d' | '14d' | '30d' | '90d';

const PRESET_MS: Record<RangePreset, number> = {
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
  '14d': 14 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
};

/**
 * A half-open time range `[from, to)`.
 *
 * @example
 * ```ts
 * const range: TimeRange = { from: new Date('2026-11-01'), to: new Date('2026-12-01') };
 * ```
 */
export interface TimeRange {
  from: Date;
  to: Date;
}

/**
 * Resolves a preset to a half-open range ending at `now`, and the previous
 * range of equal length that the headline figures compare against.
 *
 * @example
 * ```ts
 * const { current, previous } = resolvePreset('7d', new Date());
 * ```
 */
export function resolvePreset(
  preset: RangePreset,
  now: Date,
): { current: TimeRange; previous: TimeRange } {
  const length = PRESET_MS[preset];
  const to = now.getTime();

  return {
    current: { from: new Date(to - length), to: new Date(to) },
    previous: { from: new Date(to - 2 * length), to: new Date(to - length) },
  };
}

/**
 * Whether a string names a {@link RangePreset}.
 *
 * @example
 * ```ts
 * isRangePreset('30d'); // true
 * ```
 */
export function isRangePreset(value: string): value is RangePreset {
  return Object.hasOwn(PRESET_MS, value);
}
