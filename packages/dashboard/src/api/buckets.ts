import type { TimeRange } from '../time-range.js';

/** A time-series bucket, UTC. */
export type Bucket = 'hour' | 'day';

const BUCKET_MS: Record<Bucket, number> = {
  hour: 3_600_000,
  day: 86_400_000,
};

/** Hourly buckets are offered up to this range length. */
export const MAX_HOURLY_RANGE_MS = 31 * 86_400_000;

/** Hourly for ranges up to 3 days, daily beyond. */
export function defaultBucket(range: TimeRange): Bucket {
  const lengthMs = range.to.getTime() - range.from.getTime();

  return lengthMs <= 3 * 86_400_000 ? 'hour' : 'day';
}

/** The start of every bucket that overlaps `[from, to)`, in epoch ms. */
export function bucketStarts(range: TimeRange, bucket: Bucket): number[] {
  const step = BUCKET_MS[bucket];
  const first = Math.floor(range.from.getTime() / step) * step;
  const starts: number[] = [];

  for (let start = first; start < range.to.getTime(); start += step) {
    starts.push(start);
  }

  return starts;
}
