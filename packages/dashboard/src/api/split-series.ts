import { formatUsd, parseUsd, type TimeSeriesPoint } from '@tokenledger/core';

/** One line of the split chart: a group, or every other group together. */
export interface SplitSeries {
  /** The group's value; null for the "other" line and for missing values. */
  key: string | null;
  /** Set on the line that sums the groups beyond the top N. */
  otherGroups?: number;
  /** Cost per bucket, USD with 9 decimals. */
  costUsd: string[];
  /** Cost over the whole range. */
  totalUsd: string;
}

/**
 * Splits grouped points into the `top` groups by cost over the range (ties
 * by name) and one "other" line summing the rest, exactly.
 */
export function splitSeries(
  points: TimeSeriesPoint[],
  starts: number[],
  top: number,
): SplitSeries[] {
  const index = new Map(starts.map((start, i) => [start, i]));
  const byGroup = new Map<string | null, bigint[]>();

  for (const point of points) {
    const i = index.get(point.bucketStart.getTime());
    if (i === undefined) continue;

    const key = point.group ?? null;
    const costs = byGroup.get(key) ?? starts.map(() => 0n);
    costs[i] = (costs[i] ?? 0n) + parseUsd(point.costUsd);
    byGroup.set(key, costs);
  }

  const ranked = [...byGroup]
    .map(([key, costs]) => ({ key, costs, total: sum(costs) }))
    .sort(byCostThenName);
  const shown = ranked.slice(0, top).map((group) => toSeries(group));
  const rest = ranked.slice(top);

  if (rest.length === 0) return shown;

  const other = starts.map((_, i) =>
    rest.reduce((total, group) => total + (group.costs[i] ?? 0n), 0n),
  );

  return [
    ...shown,
    {
      ...toSeries({ key: null, costs: other, total: sum(other) }),
      otherGroups: rest.length,
    },
  ];
}

interface RankedGroup {
  key: string | null;
  costs: bigint[];
  total: bigint;
}

function toSeries(group: RankedGroup): SplitSeries {
  return {
    key: group.key,
    costUsd: group.costs.map(formatUsd),
    totalUsd: formatUsd(group.total),
  };
}

function byCostThenName(a: RankedGroup, b: RankedGroup): number {
  if (a.total !== b.total) return a.total > b.total ? -1 : 1;

  return (a.key ?? '').localeCompare(b.key ?? '');
}

function sum(values: bigint[]): bigint {
  return values.reduce((total, value) => total + value, 0n);
}
