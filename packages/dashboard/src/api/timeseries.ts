import {
  formatUsd,
  parseUsd,
  promptTokens,
  type TimeSeriesPoint,
  type UsageFilter,
  type UsageStore,
} from '@tokenledger/core';
import { z } from 'zod';
import {
  type Bucket,
  bucketStarts,
  defaultBucket,
  MAX_HOURLY_RANGE_MS,
} from './buckets.js';
import { perCall } from './figures.js';
import { DIMENSIONS, filterShape, numberParam } from './params.js';
import { type ApiContext, badRequest, rangeJson } from './route.js';
import { splitSeries } from './split-series.js';

const COMPONENTS = [
  'input',
  'output',
  'cacheWrite',
  'cacheRead',
  'units',
] as const;

/** `GET /api/timeseries`: cost over time by component or by a dimension. */
export const timeseriesSchema = z.strictObject({
  ...filterShape,
  bucket: z.enum(['hour', 'day']).optional(),
  split: z.enum(['component', ...DIMENSIONS]).default('component'),
  top: numberParam({ min: 1, max: 50, whole: true }).default(8),
});

/** Answers `/api/timeseries`. */
export async function timeseries(
  context: ApiContext<z.output<typeof timeseriesSchema>>,
) {
  const { params, windows, filter, store, res } = context;
  const bucket = params.bucket ?? defaultBucket(windows.current);
  const lengthMs =
    windows.current.to.getTime() - windows.current.from.getTime();

  if (bucket === 'hour' && lengthMs > MAX_HOURLY_RANGE_MS) {
    badRequest(res, {
      parameter: 'bucket',
      message:
        'Invalid query parameter "bucket": hourly buckets need a range of 31 days or less; use bucket=day.',
    });
    return undefined;
  }

  const starts = bucketStarts(windows.current, bucket);
  const base = {
    range: rangeJson(windows.current),
    bucket,
    buckets: starts.map((start) => new Date(start).toISOString()),
  };

  if (params.split === 'component') {
    const [points, releases] = await Promise.all([
      store.timeSeries({ filter, bucket }),
      releaseMarkers(store, filter, bucket),
    ]);

    return { ...base, ...componentSeries(points, starts), releases };
  }

  const points = await store.timeSeries({
    filter,
    bucket,
    groupBy: params.split,
  });

  return { ...base, series: splitSeries(points, starts, params.top) };
}

function componentSeries(points: TimeSeriesPoint[], starts: number[]) {
  const index = new Map(starts.map((start, i) => [start, i]));
  const cost = COMPONENTS.map(() => starts.map(() => 0n));
  const calls = starts.map(() => 0);
  const cacheReadShare: (number | null)[] = starts.map(() => null);
  const promptTokensPerCall: (number | null)[] = starts.map(() => null);
  const outputTokensPerCall: (number | null)[] = starts.map(() => null);

  for (const point of points) {
    const i = index.get(point.bucketStart.getTime());
    if (i === undefined) continue;

    COMPONENTS.forEach((component, c) => {
      (cost[c] as bigint[])[i] = parseUsd(point.cost[component]);
    });
    calls[i] = point.calls;
    cacheReadShare[i] = point.calls > 0 ? point.cacheReadShare : null;
    promptTokensPerCall[i] = perCall(promptTokens(point), point.calls);
    outputTokensPerCall[i] = perCall(point.outputTokens, point.calls);
  }

  return {
    series: COMPONENTS.map((key, c) => ({
      key,
      costUsd: (cost[c] as bigint[]).map(formatUsd),
    })),
    metrics: {
      calls,
      cacheReadShare,
      promptTokensPerCall,
      outputTokensPerCall,
    },
  };
}

/**
 * A marker per release whose first call (with the filter's dimensions, at
 * any time) falls inside the range, at the bucket of that call. A release
 * that was already running when the range starts gets none.
 */
async function releaseMarkers(
  store: UsageStore,
  filter: UsageFilter,
  bucket: Bucket,
) {
  const points = await store.timeSeries({ filter, bucket, groupBy: 'release' });
  const firstSeen = new Map<string, number>();

  for (const point of points) {
    if (!point.group || point.calls === 0) continue;

    const start = point.bucketStart.getTime();
    const known = firstSeen.get(point.group);
    if (known === undefined || start < known) firstSeen.set(point.group, start);
  }

  const started = await Promise.all(
    [...firstSeen.keys()].map((release) =>
      startsInRange(store, filter, release),
    ),
  );

  return [...firstSeen]
    .filter((_, i) => started[i])
    .sort((a, b) => a[1] - b[1])
    .map(([release, start]) => ({
      release,
      firstSeen: new Date(start).toISOString(),
    }));
}

/** True when the release has no call before the range (its first is in it). */
async function startsInRange(
  store: UsageStore,
  filter: UsageFilter,
  release: string,
): Promise<boolean> {
  const { from: rangeFrom, to: _to, ...dimensions } = filter;
  if (rangeFrom === undefined) return true;

  const [earlier] = await store.query({
    filter: { ...dimensions, release, to: rangeFrom },
  });

  return (earlier?.calls ?? 0) === 0;
}
