import type { UsageEvent } from '../../schema.js';
import { percentile } from './percentile.js';
import type {
  EndpointOutputDrift,
  OutputDrift,
  OutputDriftOptions,
  OutputStats,
  ReleaseOutput,
} from './types.js';

const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;

/**
 * Output drift per endpoint: p50 and p95 of output and reasoning tokens per
 * call and the share of calls that hit `max_tokens`, per time bucket and
 * per release; a drift is a percentile that moved by `thresholdRatio` (or a
 * max-tokens share that moved by `maxTokensShareThreshold`) from one
 * release to the next, reported with the release it started with.
 *
 * @example
 * ```ts
 * const [chat] = outputDrift(events.filter((e) => e.endpoint === 'POST /chat'));
 * chat?.drifts[0]; // { measure: 'outputP50', before: 150, after: 300, release: '2.3.1', ... }
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
    const releases = releaseOutputs(calls);

    return {
      endpoint,
      series: [...buckets].map(([start, group]) => ({
        bucketStart: new Date(start),
        ...stats(group),
      })),
      releases,
      drifts: drifts(releases, options),
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
  releases: readonly ReleaseOutput[],
  options: OutputDriftOptions,
): OutputDrift[] {
  const minCalls = options.minCalls ?? 20;
  const ratio = options.thresholdRatio ?? 0.25;
  const shareStep = options.maxTokensShareThreshold ?? 0.05;
  const comparable = releases.filter((r) => r.calls >= minCalls);
  const found: OutputDrift[] = [];

  for (let index = 1; index < comparable.length; index += 1) {
    const previous = comparable[index - 1] as ReleaseOutput;
    const current = comparable[index] as ReleaseOutput;
    const report = (
      measure: OutputDrift['measure'],
      before: number,
      after: number,
    ) =>
      found.push({
        measure,
        before,
        after,
        release: current.release,
        previousRelease: previous.release,
        startedAt: current.firstCallAt,
        prefixChanged: current.commonPrefixHash !== previous.commonPrefixHash,
      });

    const moved = (a: number, b: number) =>
      Math.abs(b - a) >= ratio * Math.max(a, 1);
    if (moved(previous.output.p50, current.output.p50))
      report('outputP50', previous.output.p50, current.output.p50);
    if (moved(previous.output.p95, current.output.p95))
      report('outputP95', previous.output.p95, current.output.p95);
    if (moved(previous.reasoning.p50, current.reasoning.p50))
      report('reasoningP50', previous.reasoning.p50, current.reasoning.p50);
    if (moved(previous.reasoning.p95, current.reasoning.p95))
      report('reasoningP95', previous.reasoning.p95, current.reasoning.p95);

    const [a, b] = [previous.maxTokensHitShare, current.maxTokensHitShare];
    if (a !== null && b !== null && Math.abs(b - a) >= shareStep)
      report('maxTokensHitShare', a, b);
  }

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
