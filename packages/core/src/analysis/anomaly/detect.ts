import { formatUsd, parseUsd } from '../../money.js';
import type { UsageStore } from '../../store.js';
import { explainChange } from '../explain.js';
import {
  compare,
  div,
  mul,
  type Rational,
  ratio,
  roundHalfEven,
  sub,
  toNumber,
} from '../rational.js';
import type { WindowAggregate } from '../types.js';
import { robustBaseline } from './baseline.js';
import type { Anomaly, AnomalyOptions } from './types.js';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
/** MAD to standard deviation for normal data. */
const MAD_SCALE = ratio(14_826, 10_000);
/** The spread is at least 5% of the median, so a flat baseline is not a hair trigger. */
const MIN_SPREAD = ratio(1, 20);

/**
 * Finds the hours whose cost per endpoint is far above the same hour of
 * the week in the previous weeks: robust z-score on the median and MAD of
 * those hours, above `threshold` and at least `minUsd` over the median.
 * Each anomaly comes with its explanation against the baseline hours.
 *
 * @example
 * ```ts
 * const anomalies = await detectAnomalies(store, { threshold: 5 });
 * for (const a of anomalies) console.log(a.explanation.sentences[0]);
 * ```
 * @see docs/analysis.md
 */
export async function detectAnomalies(
  store: UsageStore,
  options: AnomalyOptions = {},
): Promise<Anomaly[]> {
  const nowMs = (options.now ?? new Date()).getTime();
  const toMs = floorHour(options.to?.getTime() ?? nowMs);
  const fromMs = floorHour(options.from?.getTime() ?? toMs - HOUR_MS);
  const weeks = options.baselineWeeks ?? 4;
  const minNano = parseUsd(options.minUsd ?? '0.01');

  const series = await hourlyCost(
    store,
    options,
    fromMs - weeks * WEEK_MS,
    toMs,
  );
  const anomalies: Anomaly[] = [];

  for (const [endpoint, hours] of series) {
    const firstMs = Math.min(...hours.keys());

    for (let hourMs = fromMs; hourMs < toMs; hourMs += HOUR_MS) {
      const baselineHours = Array.from(
        { length: weeks },
        (_, k) => hourMs - (k + 1) * WEEK_MS,
      ).filter((ms) => ms >= firstMs);
      if (baselineHours.length < 2) continue;

      const cost = hours.get(hourMs) ?? 0n;
      const base = robustBaseline(
        baselineHours.map((ms) => hours.get(ms) ?? 0n),
      );
      const score = robustScore(cost, base, minNano);
      const excess = sub(ratio(cost), base.median);
      if (
        score < (options.threshold ?? 5) ||
        compare(excess, ratio(minNano)) < 0
      )
        continue;

      anomalies.push({
        endpoint,
        hourStart: new Date(hourMs),
        costUsd: formatUsd(cost),
        baselineMedianUsd: formatUsd(roundHalfEven(base.median)),
        baselineMadUsd: formatUsd(roundHalfEven(base.mad)),
        baselineHours: baselineHours.map((ms) => new Date(ms)),
        score: Math.round(score * 100) / 100,
        explanation: await explainHour(
          store,
          options,
          endpoint,
          hourMs,
          baselineHours,
        ),
      });
    }
  }

  return anomalies.sort((a, b) => b.score - a.score);
}

/** Cost in nano-USD per endpoint and hour start. */
async function hourlyCost(
  store: UsageStore,
  options: AnomalyOptions,
  fromMs: number,
  toMs: number,
): Promise<Map<string, Map<number, bigint>>> {
  const points = await store.timeSeries({
    filter: {
      ...options.filter,
      from: new Date(fromMs),
      to: new Date(toMs),
      priced: true,
    },
    bucket: 'hour',
    groupBy: 'endpoint',
  });
  const series = new Map<string, Map<number, bigint>>();

  for (const point of points) {
    const endpoint = point.group ?? '';
    const hours = series.get(endpoint) ?? new Map<number, bigint>();
    const hourMs = point.bucketStart.getTime();
    hours.set(hourMs, (hours.get(hourMs) ?? 0n) + parseUsd(point.costUsd));
    series.set(endpoint, hours);
  }

  return series;
}

function robustScore(
  cost: bigint,
  base: { median: Rational; mad: Rational },
  minNano: bigint,
): number {
  const spreads = [
    mul(base.mad, MAD_SCALE),
    mul(base.median, MIN_SPREAD),
    ratio(minNano > 0n ? minNano : 1n),
  ];
  const spread = spreads.reduce((a, b) => (compare(a, b) >= 0 ? a : b));

  return toNumber(div(sub(ratio(cost), base.median), spread));
}

/** The hour against the sum of its baseline hours, by model. */
async function explainHour(
  store: UsageStore,
  options: AnomalyOptions,
  endpoint: string,
  hourMs: number,
  baselineHours: readonly number[],
) {
  const rows = (fromMs: number) =>
    store.query({
      filter: {
        ...options.filter,
        endpoint,
        from: new Date(fromMs),
        to: new Date(fromMs + HOUR_MS),
        priced: true,
      },
      groupBy: ['model'],
    });
  const keyed = (list: Awaited<ReturnType<typeof rows>>): WindowAggregate[] =>
    list.map((row) => ({ ...row, key: row.model ?? '' }));

  const after = keyed(await rows(hourMs));
  const before = (await Promise.all(baselineHours.map(rows))).flatMap(keyed);
  const label = new Date(hourMs).toISOString().slice(0, 13);

  // the baseline hours are apart; only their total length matters per day
  return explainChange(before, after, {
    before: {
      from: new Date(hourMs - baselineHours.length * HOUR_MS),
      to: new Date(hourMs),
    },
    after: { from: new Date(hourMs), to: new Date(hourMs + HOUR_MS) },
    by: 'model',
    title: `${endpoint} at ${label}:00Z against the same hour in ${baselineHours.length} earlier weeks`,
  });
}

function floorHour(timeMs: number): number {
  return timeMs - (timeMs % HOUR_MS);
}
