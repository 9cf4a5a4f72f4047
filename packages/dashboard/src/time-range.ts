/**
 * A preset the dashboard's range picker offers: the last 24 hours, or a
 * number of UTC calendar days with today the last of them.
 *
 * @example
 * ```ts
 * const preset: RangePreset = '7d';
 * ```
 */
export type RangePreset = '24h' | '7d' | '14d' | '30d' | '90d';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Each preset's length: in hours for `24h`, in calendar days otherwise. */
const PRESETS: Record<RangePreset, { hours: number } | { days: number }> = {
  '24h': { hours: 24 },
  '7d': { days: 7 },
  '14d': { days: 14 },
  '30d': { days: 30 },
  '90d': { days: 90 },
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
 * range it is compared with: the same length, shifted back by the preset
 * (so it ends at the same time of day). `24h` is the 24 hours before `now`;
 * the day presets start at a UTC midnight, so `7d` is today so far and the
 * 6 days before it. Like a bill, they count whole days, and the per-user
 * questions are answered from one rollup row per user and day.
 *
 * @example
 * ```ts
 * // 2026-12-03T12:00Z: current is Nov 27, 00:00 to Dec 3, 12:00;
 * // previous is Nov 20, 00:00 to Nov 26, 12:00
 * const { current, previous } = resolvePreset('7d', new Date('2026-12-03T12:00Z'));
 * ```
 */
export function resolvePreset(
  preset: RangePreset,
  now: Date,
): { current: TimeRange; previous: TimeRange } {
  const to = now.getTime();
  const length = PRESETS[preset];
  const [from, shiftMs] =
    'hours' in length
      ? [to - length.hours * HOUR_MS, length.hours * HOUR_MS]
      : [startOfUtcDay(to) - (length.days - 1) * DAY_MS, length.days * DAY_MS];

  return {
    current: { from: new Date(from), to: new Date(to) },
    previous: { from: new Date(from - shiftMs), to: new Date(to - shiftMs) },
  };
}

function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
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
  return Object.hasOwn(PRESETS, value);
}
