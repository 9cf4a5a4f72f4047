import type { UsageEvent } from '../../schema.js';
import { percentile } from './percentile.js';
import type {
  EndpointOutputDrift,
  OutputDrift,
  OutputDriftOptions,
  OutputSegment,
  OutputStats,
  ReleaseOutput,
} from './types.js';

const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;

/**
 * Output drift per endpoint: p50 and p95 of output and reasoning tokens per
 * call and the share of calls that hit `max_tokens`, per time bucket, per
 * release and per segment. A segment is a release cut where its dominant
 * prompt fingerprint changed (see {@link OutputSegment}); a drift is a
 * percentile that moved by `thresholdRatio` (or a max-tokens share that
 * moved by `maxTokensShareThreshold`) from one segment to the next,
 * reported with the release or fingerprint change it started with.
 *
 * @example
 * ```ts
 * const [chat] = outputDrift(events.filter((e) => e.endpoint === 'POST /chat'));
 * chat?.drifts[0]; // { measure: 'outputP50', before: 150, after: 300, startedWith: 'release', release: '2.3.1', ... }
 * ```
 * @see docs/analysis.md
 */
export function outputDrift(
  events: readonly UsageEvent[],
  options: OutputDriftOptions = {},
): EndpointOutputDrift[] {
  const bucketMs = BUCKET_MS[options.bucket ?? 'day'];
  const byEndpoint = groupBy(sortedByTime(events), (e) => e.endpoint);

  return [...byEndpoint].map(([endpoint, calls]) => {
    const buckets = groupBy(calls, (e) =>
      floorTo(e.timestamp.getTime(), bucketMs),
    );
    const segments = outputSegments(calls, bucketMs);

    return {
      endpoint,
      series: [...buckets].map(([start, group]) => ({
        bucketStart: new Date(start),
        ...stats(group),
      })),
      releases: releaseOutputs(calls),
      segments,
      drifts: drifts(segments, options),
    };
  });
}

function releaseOutputs(calls: readonly UsageEvent[]): ReleaseOutput[] {
  return [...groupBy(calls, (e) => e.release)].map(([release, group]) => ({
    release,
    firstCallAt: (group[0] as UsageEvent).timestamp,
    commonPrefixHash: mostCommon(group.map((e) => e.prefixHash)),
    ...stats(group),
  }));
}

/** Each release's calls cut at its fingerprint changes, oldest first. */
function outputSegments(
  calls: readonly UsageEvent[],
  bucketMs: number,
): OutputSegment[] {
  const segments: OutputSegment[] = [];

  for (const [release, group] of groupBy(calls, (e) => e.release)) {
    const cuts = prefixCuts(group, bucketMs);
    cuts.forEach((cut, index) => {
      const part = group.slice(cut.index, cuts[index + 1]?.index);
      segments.push({
        release,
        prefixHash: cut.prefixHash,
        firstCallAt: (part[0] as UsageEvent).timestamp,
        ...stats(part),
      });
    });
  }

  return segments.sort(
    (a, b) => a.firstCallAt.getTime() - b.firstCallAt.getTime(),
  );
}

interface Cut {
  /** Index of the segment's first call. */
  index: number;
  prefixHash: string | null;
}

/**
 * Where the dominant fingerprint of one release's calls (time order)
 * changes. A bucket's dominant fingerprint is the one more than half its
 * calls carry; a bucket without one changes nothing. When a bucket's
 * dominant fingerprint differs from the current one, the new segment
 * starts at the first call carrying it in that bucket or the one before,
 * so a change in the middle of a day is cut where it happened.
 */
function prefixCuts(calls: readonly UsageEvent[], bucketMs: number): Cut[] {
  const buckets = [
    ...groupBy(
      calls.map((_, index) => index),
      (index) =>
        floorTo((calls[index] as UsageEvent).timestamp.getTime(), bucketMs),
    ).values(),
  ];
  const cuts: Cut[] = [{ index: 0, prefixHash: null }];

  buckets.forEach((bucket, position) => {
    const dominant = majority(
      bucket.map((i) => (calls[i] as UsageEvent).prefixHash),
    );
    const current = cuts.at(-1) as Cut;
    if (dominant === null || dominant === current.prefixHash) return;
    // the first fingerprint to dominate names the first segment
    if (cuts.length === 1 && current.prefixHash === null) {
      current.prefixHash = dominant;
      return;
    }

    const candidates = [...(buckets[position - 1] ?? []), ...bucket];
    const start = candidates.find(
      (i) =>
        i > current.index && (calls[i] as UsageEvent).prefixHash === dominant,
    );
    if (start !== undefined) cuts.push({ index: start, prefixHash: dominant });
  });

  return cuts;
}

function stats(calls: readonly UsageEvent[]): OutputStats {
  const output = calls.map((e) => e.usage.outputTokens);
  const reasoning = calls.map((e) => e.usage.reasoningTokens);
  const known = calls.filter((e) => e.maxTokensHit !== null);
  const hit = known.filter((e) => e.maxTokensHit === true).length;

  return {
    calls: calls.length,
    output: { p50: percentile(output, 0.5), p95: percentile(output, 0.95) },
    reasoning: {
      p50: percentile(reasoning, 0.5),
      p95: percentile(reasoning, 0.95),
    },
    maxTokensHitShare: known.length === 0 ? null : round4(hit / known.length),
  };
}

function drifts(
  segments: readonly OutputSegment[],
  options: OutputDriftOptions,
): OutputDrift[] {
  const minCalls = options.minCalls ?? 20;
  const comparable = segments.filter((s) => s.calls >= minCalls);
  const found: OutputDrift[] = [];

  for (let index = 1; index < comparable.length; index += 1) {
    const previous = comparable[index - 1] as OutputSegment;
    const current = comparable[index] as OutputSegment;
    // only a short segment between them differed: nothing started here
    if (
      current.release === previous.release &&
      current.prefixHash === previous.prefixHash
    )
      continue;

    const start = startOf(previous, current);
    for (const [measure, before, after] of movedMeasures(
      previous,
      current,
      options,
    )) {
      found.push({ measure, before, after, ...start });
    }
  }

  return found;
}

type Start = Omit<OutputDrift, 'measure' | 'before' | 'after'>;

function startOf(previous: OutputSegment, current: OutputSegment): Start {
  return {
    release: current.release,
    previousRelease: previous.release,
    startedAt: current.firstCallAt,
    prefixChanged: current.prefixHash !== previous.prefixHash,
    startedWith: current.release === previous.release ? 'prefix' : 'release',
    prefixHash: current.prefixHash,
    previousPrefixHash: previous.prefixHash,
  };
}

/** The measures that moved past their threshold, as [measure, before, after]. */
function movedMeasures(
  previous: OutputStats,
  current: OutputStats,
  options: OutputDriftOptions,
): [OutputDrift['measure'], number, number][] {
  const ratio = options.thresholdRatio ?? 0.25;
  const shareStep = options.maxTokensShareThreshold ?? 0.05;
  const moved = (a: number, b: number) =>
    Math.abs(b - a) >= ratio * Math.max(a, 1);
  const pairs: [OutputDrift['measure'], number, number][] = [
    ['outputP50', previous.output.p50, current.output.p50],
    ['outputP95', previous.output.p95, current.output.p95],
    ['reasoningP50', previous.reasoning.p50, current.reasoning.p50],
    ['reasoningP95', previous.reasoning.p95, current.reasoning.p95],
  ];
  const found = pairs.filter(([, a, b]) => moved(a, b));

  const [a, b] = [previous.maxTokensHitShare, current.maxTokensHitShare];
  if (a !== null && b !== null && Math.abs(b - a) >= shareStep)
    found.push(['maxTokensHitShare', a, b]);

  return found;
}

function sortedByTime(events: readonly UsageEvent[]): UsageEvent[] {
  return [...events].sort(
    (a, b) => a.timestamp.getTime() - b.timestamp.getTime(),
  );
}

/** Groups in order of first appearance. */
function groupBy<K, T>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item)) ?? [];
    group.push(item);
    groups.set(key(item), group);
  }

  return groups;
}

/** The value more than half of `values` are, or null. */
function majority(values: readonly (string | null)[]): string | null {
  const best = mostCommon(values);
  const count = values.filter((v) => v === best).length;

  return best !== null && count * 2 > values.length ? best : null;
}

function mostCommon(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values)
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);

  let best: string | null = null;
  for (const [value, count] of counts) {
    if (best === null || count > (counts.get(best) ?? 0)) best = value;
  }

  return best;
}

function floorTo(timeMs: number, stepMs: number): number {
  return timeMs - (timeMs % stepMs);
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
