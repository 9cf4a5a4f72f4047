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
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** Fewest earlier weeks, or days, an hour is judged against. */
const MIN_WEEKS = 2;
const MIN_DAYS = 3;
/** MAD to standard deviation for normal data. */
const MAD_SCALE = ratio(14_826, 10_000);
/** The spread is at least 5% of the median, so a flat baseline is not a hair trigger. */
const MIN_SPREAD = ratio(1, 20);

/**
 * Finds the hours whose cost per endpoint is far above the same hour of
 * the week in the previous weeks: robust z-score on the median and MAD of
 * those hours, above `threshold` and at least `minUsd` over the median.
 * The spread is at least the endpoint's average cost per call before the
 * hours checked, so a handful of calls on a quiet endpoint is not an
 * anomaly: the hour must be about `threshold` calls over its usual. While
 * an endpoint has fewer than two earlier weeks, the same hour of the day
 * on the previous `baselineDays` days (at least three) stands in, so a new
 * install is watched from its fourth day. Each anomaly comes with its
 * explanation against the baseline hours.
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
  const days = options.baselineDays ?? 7;
  const minNano = parseUsd(options.minUsd ?? '0.01');
  const lookBackMs = Math.max(weeks * WEEK_MS, days * DAY_MS);

  const series = await hourlyCost(
    store,
    options,
    fromMs - lookBackMs,
    toMs,
    fromMs,
  );
  const anomalies: Anomaly[] = [];

  for (const [endpoint, { hours, callNano }] of series) {
    const firstMs = Math.min(...hours.keys());

    for (let hourMs = fromMs; hourMs < toMs; hourMs += HOUR_MS) {
      const baseline = baselineOf(hourMs, firstMs, weeks, days);
      if (baseline === null) continue;
      const baselineHours = baseline.hours;

      const cost = hours.get(hourMs) ?? 0n;
      const base = robustBaseline(
        baselineHours.map((ms) => hours.get(ms) ?? 0n),
      );
      const score = robustScore(cost, base, minNano, callNano);
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
        baselinePeriod: baseline.period,
        baselineHours: baselineHours.map((ms) => new Date(ms)),
        score: Math.round(score * 100) / 100,
        explanation: await explainHour(
          store,
          options,
          endpoint,
          hourMs,
          baseline,
        ),
      });
    }
  }

  return anomalies.sort((a, b) => b.score - a.score);
}

/**
 * The earlier hours an hour is judged against: the same hour of the week
 * when at least two weeks have data for the endpoint, else the same hour of
 * the day when at least three days have, else none.
 */
function baselineOf(
  hourMs: number,
  firstMs: number,
  weeks: number,
  days: number,
): { period: 'week' | 'day'; hours: number[] } | null {
  const earlier = (stepMs: number, count: number) =>
    Array.from({ length: count }, (_, k) => hourMs - (k + 1) * stepMs).filter(
      (ms) => ms >= firstMs,
    );

  const weekly = earlier(WEEK_MS, weeks);
  if (weekly.length >= MIN_WEEKS) return { period: 'week', hours: weekly };

  const daily = earlier(DAY_MS, days);
  if (daily.length >= MIN_DAYS) return { period: 'day', hours: daily };

  return null;
}

/** One endpoint's cost per hour, and its cost per call before `checkedFromMs`. */
interface EndpointSeries {
  hours: Map<number, bigint>;
  callNano: Rational;
}

/** Cost in nano-USD per endpoint and hour start. */
async function hourlyCost(
  store: UsageStore,
  options: AnomalyOptions,
  fromMs: number,
  toMs: number,
  checkedFromMs: number,
): Promise<Map<string, EndpointSeries>> {
  const points = await store.timeSeries({
    filter: {
      ...options.filter,
      from: new Date(fromMs),
      to: new Date(toMs),
      priced: true,
    },
    bucket: 'hour',
    groupBy: 'endpoint',
    measures: ['calls', 'costUsd'],
  });
  const series = new Map<string, Map<number, bigint>>();
  const history = new Map<string, { nano: bigint; calls: number }>();

  for (const point of points) {
    const endpoint = point.group ?? '';
    const hours = series.get(endpoint) ?? new Map<number, bigint>();
    const hourMs = point.bucketStart.getTime();
    const nano = parseUsd(point.costUsd);
    hours.set(hourMs, (hours.get(hourMs) ?? 0n) + nano);
    series.set(endpoint, hours);

    if (hourMs >= checkedFromMs) continue;
    const before = history.get(endpoint) ?? { nano: 0n, calls: 0 };
    history.set(endpoint, {
      nano: before.nano + nano,
      calls: before.calls + point.calls,
    });
  }

  return new Map(
    [...series].map(([endpoint, hours]) => {
      const before = history.get(endpoint);
      const callNano =
        before && before.calls > 0
          ? ratio(before.nano, BigInt(before.calls))
          : ratio(0);

      return [endpoint, { hours, callNano }];
    }),
  );
}

function robustScore(
  cost: bigint,
  base: { median: Rational; mad: Rational },
  minNano: bigint,
  callNano: Rational,
): number {
  const spreads = [
    mul(base.mad, MAD_SCALE),
    mul(base.median, MIN_SPREAD),
    ratio(minNano > 0n ? minNano : 1n),
    callNano,
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
  baseline: { period: 'week' | 'day'; hours: readonly number[] },
) {
  const baselineHours = baseline.hours;
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
    title: `${endpoint} at ${label}:00Z against the same hour ${baseline.period === 'week' ? `in ${baselineHours.length} earlier weeks` : `on ${baselineHours.length} earlier days`}`,
  });
}

function floorHour(timeMs: number): number {
  return timeMs - (timeMs % HOUR_MS);
}
