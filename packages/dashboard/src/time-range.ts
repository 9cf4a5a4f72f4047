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

const DAY_MS = 86_400_000;

/** Each preset's length; all but `24h` count UTC calendar days. */
const PRESET_MS: Record<RangePreset, number> = {
  '24h': 24 * 3_600_000,
  '7d': 7 * DAY_MS,
  '14d': 14 * DAY_MS,
  '30d': 30 * DAY_MS,
  '90d': 90 * DAY_MS,
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
  const length = PRESET_MS[preset];
  // a day preset starts `length` before the next UTC midnight: today is its last day
  const from =
    preset === '24h' ? to - length : startOfUtcDay(to) + DAY_MS - length;

  return {
    current: { from: new Date(from), to: new Date(to) },
    previous: { from: new Date(from - length), to: new Date(to - length) },
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
  return Object.hasOwn(PRESET_MS, value);
}
