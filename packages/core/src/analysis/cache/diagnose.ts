import { formatUsd, parseUsd } from '../../money.js';
import { defaultCatalog } from '../../pricing/default-catalog.js';
import type { UsageEvent } from '../../schema.js';
import type { AggregateRow, CacheCall } from '../../store.js';
import {
  addAggregate,
  emptyTotals,
  evaluate,
  type GroupTotals,
  pairFactors,
  perDay,
  promptTokenCount,
} from '../factors.js';
import {
  type Rational,
  ratio,
  roundHalfEven,
  sub,
  toNumber,
} from '../rational.js';
import type { TimeWindow } from '../types.js';
import {
  bestWeek,
  groupKey,
  type WeekTotals,
  weeklyTotals,
} from './best-week.js';
import { cacheCallOf } from './calls.js';
import { type CauseTallies, tallyCauses } from './causes.js';
import { type CallPrices, pricesLookup } from './prices.js';
import type {
  CacheCause,
  CacheDiagnostic,
  DiagnoseCacheOptions,
} from './types.js';

const LABELS: Record<keyof CauseTallies, string> = {
  belowMinimum: "prefix below the provider's minimum cacheable size",
  expired: 'cache expired between calls (gap above the TTL)',
  prefixChurn: 'prefix churn (the cached prefix keeps changing)',
  writesNeverRead: 'cache writes never read',
};

/**
 * Diagnoses prompt caching per endpoint and model from the events of one
 * window: read share, write/read ratio, dollars lost per day against the
 * best 7-day block of `history` (day rows grouped by endpoint, model and
 * day; default: the events themselves), and the causes of misses with
 * their evidence counts and the saving per day if fixed, at list prices.
 * Every endpoint and model with priced calls is in the result, a healthy
 * one too (no causes, nothing lost), so its read share can be shown; the
 * costliest first, healthy ones last by endpoint.
 *
 * @example
 * ```ts
 * const diagnostics = diagnoseCache(events, {
 *   window: { from: new Date('2026-11-08'), to: new Date('2026-11-15') },
 * });
 * diagnostics[0]?.causes[0]; // { code: 'prefixChurn', evidenceCount: 412, ... }
 * ```
 * @see docs/analysis.md
 */
export function diagnoseCache(
  events: readonly UsageEvent[],
  options: DiagnoseCacheOptions & { history?: readonly AggregateRow[] },
): CacheDiagnostic[] {
  const groups = [...byEndpointAndModel(events)].map(([key, calls]) => {
    const [endpoint = '', model = ''] = JSON.parse(key) as string[];

    return {
      endpoint,
      model,
      totals: totalsOf(calls),
      calls: calls.map(cacheCallOf),
    };
  });

  return diagnoseGroups(groups, {
    ...options,
    history: options.history ?? dayRows(events),
  });
}

/**
 * One endpoint and model to diagnose, for {@link diagnoseGroups}.
 *
 * @example
 * ```ts
 * const group: CacheGroup = { endpoint: 'POST /chat', model: 'claude-sonnet-4-5', totals, calls };
 * ```
 */
export interface CacheGroup {
  endpoint: string;
  model: string;
  /** Its totals over the whole window. */
  totals: GroupTotals;
  /** The calls the causes come from, oldest first. */
  calls: readonly CacheCall[];
  /** Set when `calls` are only the newest of the window (see {@link CacheDiagnostic}). */
  sampled?: TimeWindow & { calls: number };
}

/**
 * {@link diagnoseCache} of groups whose totals are known already (from
 * aggregates, say) and whose causes may come from their newest calls only.
 *
 * @example
 * ```ts
 * const diagnostics = diagnoseGroups([group], { window, history: dayRows });
 * ```
 */
export function diagnoseGroups(
  groups: readonly CacheGroup[],
  options: DiagnoseCacheOptions & { history: readonly AggregateRow[] },
): CacheDiagnostic[] {
  const pricesOf = pricesLookup(options.catalog ?? defaultCatalog);
  const weeks = weeklyTotals(options.history, options.window.to);
  const diagnostics = groups.map((group) => {
    const best = bestWeek(
      weeks.get(groupKey(group.endpoint, group.model)) ?? [],
    );

    return diagnoseGroup(group, best, pricesOf, options.window);
  });

  return diagnostics.sort(
    (a, b) =>
      descending(worth(a), worth(b)) ||
      (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0),
  );
}

function diagnoseGroup(
  group: CacheGroup,
  best: WeekTotals | null,
  pricesOf: (call: CacheCall) => CallPrices | null,
  window: TimeWindow,
): CacheDiagnostic {
  const { totals } = group;
  const tally = tallyCauses(group.calls, pricesOf);

  return {
    endpoint: group.endpoint,
    model: group.model,
    calls: Number(totals.calls),
    cacheReadShare: shareOf(totals.tokens.cacheRead, promptTokenCount(totals)),
    writeReadRatio: writeReadRatio(totals),
    lostUsdPerDay: formatUsd(lostPerDay(totals, best, window)),
    bestWeek: best && {
      ...best.window,
      cacheReadShare: shareOf(
        best.totals.tokens.cacheRead,
        promptTokenCount(best.totals),
      ),
    },
    causes: causesOf(tally.byCode, group.sampled ?? window),
    unfingerprintedCalls: tally.unfingerprinted,
    ...(group.sampled ? { sampled: group.sampled } : {}),
  };
}

/** Priced events by endpoint and model, oldest first. */
function byEndpointAndModel(
  events: readonly UsageEvent[],
): Map<string, UsageEvent[]> {
  const groups = new Map<string, UsageEvent[]>();
  const sorted = [...events].sort(
    (a, b) => a.timestamp.getTime() - b.timestamp.getTime(),
  );

  for (const event of sorted) {
    if (!event.priced) continue;

    const key = groupKey(event.endpoint, event.model);
    const group = groups.get(key) ?? [];
    group.push(event);
    groups.set(key, group);
  }

  return groups;
}

/**
 * Cost per day above what the same calls would cost with the best week's
 * mix of uncached, read and written prompt tokens, everything else as it
 * is now (a class unused now is priced as in the best week); never
 * negative.
 */
function lostPerDay(
  totals: GroupTotals,
  best: WeekTotals | null,
  window: TimeWindow,
): bigint {
  if (!best) return 0n;

  const pair = pairFactors(best.totals, totals, {
    before: best.window,
    after: window,
  });
  const atBestMix = evaluate({ ...pair.after, cacheMix: pair.before.cacheMix });
  const lost = roundHalfEven(sub(evaluate(pair.after), atBestMix));

  return lost > 0n ? lost : 0n;
}

function causesOf(tallies: CauseTallies, window: TimeWindow): CacheCause[] {
  return (Object.keys(tallies) as (keyof CauseTallies)[])
    .map((code) => ({ code, tally: tallies[code] }))
    .filter(({ tally }) => tally.count > 0)
    .map(({ code, tally }) => ({
      code,
      cause: LABELS[code],
      evidenceCount: tally.count,
      savingUsdPerDay: formatUsd(
        roundHalfEven(perMillionPerDay(tally.savingMicro, window)),
      ),
    }))
    .sort((a, b) =>
      descending(parseUsd(a.savingUsdPerDay), parseUsd(b.savingUsdPerDay)),
    );
}

function perMillionPerDay(micro: bigint, window: TimeWindow): Rational {
  const day = perDay(micro, window);

  return { num: day.num, den: day.den * 1_000_000n };
}

function totalsOf(events: readonly UsageEvent[]): GroupTotals {
  const totals = emptyTotals();
  for (const event of events) {
    addAggregate(totals, {
      key: '',
      calls: 1,
      ...event.usage,
      pages: event.usage.pages ?? 0,
      cost: event.cost ?? zeroCost(),
    });
  }

  return totals;
}

function dayRows(events: readonly UsageEvent[]): AggregateRow[] {
  return events
    .filter((e) => e.priced)
    .map((event) => ({
      calls: 1,
      unpricedCalls: 0,
      ...event.usage,
      pages: event.usage.pages ?? 0,
      costUsd: event.costUsd ?? '0.000000000',
      cost: event.cost ?? zeroCost(),
      cacheReadShare: 0,
      endpoint: event.endpoint,
      model: event.model,
      day: event.timestamp.toISOString().slice(0, 10),
    }));
}

function zeroCost() {
  const zero = '0.000000000';
  return {
    input: zero,
    output: zero,
    cacheWrite: zero,
    cacheRead: zero,
    units: zero,
  };
}

function shareOf(part: bigint, whole: bigint): number {
  return whole === 0n
    ? 0
    : Math.round(toNumber(ratio(part, whole)) * 10_000) / 10_000;
}

function writeReadRatio(totals: GroupTotals): number | null {
  const { cacheRead, cacheWrite, cacheWrite1h } = totals.tokens;

  return cacheRead === 0n
    ? null
    : Math.round(toNumber(ratio(cacheWrite + cacheWrite1h, cacheRead)) * 1000) /
        1000;
}

/** The larger of the dollars lost and the best saving, to rank by. */
function worth(diagnostic: CacheDiagnostic): bigint {
  let largest = parseUsd(diagnostic.lostUsdPerDay);
  for (const cause of diagnostic.causes) {
    const saving = parseUsd(cause.savingUsdPerDay);
    if (saving > largest) largest = saving;
  }

  return largest;
}

function descending(a: bigint, b: bigint): number {
  return a === b ? 0 : a > b ? -1 : 1;
}
