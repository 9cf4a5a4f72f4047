import {
  type AggregateRow,
  type Explanation,
  explainChange,
  type TimeWindow,
  type UsageFilter,
  type UsageStore,
  type WindowAggregate,
} from '@tokenledger/core';
import type { DashboardAnalysis, ExplainRequest } from '../options.js';

/**
 * The analysis the dashboard runs itself when neither the options nor the
 * store provide one: core's `explainChange` over the store's aggregates of
 * the priced calls, with the releases first seen in the later window.
 */
export function storeAnalysis(store: UsageStore): DashboardAnalysis {
  return { explain: (request) => explainFromStore(store, request) };
}

async function explainFromStore(
  store: UsageStore,
  request: ExplainRequest,
): Promise<Explanation> {
  const { filter, before, after } = request;
  const by = request.by ?? 'endpoint';
  const byRelease = [by, 'release'] as const;

  const [beforeRows, afterRows, releasesBefore, releasesAfter] =
    await Promise.all([
      store.query({ filter: priced(filter, before), groupBy: [by] }),
      store.query({ filter: priced(filter, after), groupBy: [by] }),
      store.query({ filter: { ...filter, ...before }, groupBy: byRelease }),
      store.query({ filter: { ...filter, ...after }, groupBy: byRelease }),
    ]);

  return explainChange(
    beforeRows.map((row) => aggregate(row, row[by])),
    afterRows.map((row) => aggregate(row, row[by])),
    {
      before,
      after,
      by,
      releases: newReleases(releasesBefore, releasesAfter, by),
    },
  );
}

function priced(filter: UsageFilter, window: TimeWindow): UsageFilter {
  return { ...filter, ...window, priced: true };
}

function aggregate(
  row: AggregateRow,
  key: string | undefined,
): WindowAggregate {
  return { ...row, key: key ?? '(none)' };
}

/** Per group, the releases with calls after but none before. */
function newReleases(
  before: AggregateRow[],
  after: AggregateRow[],
  by: ExplainRequest['by'] & string,
): Record<string, string[]> {
  const seen = new Set(before.map((row) => `${row[by]}\u0000${row.release}`));
  const releases: Record<string, string[]> = {};

  for (const row of after) {
    if (row.release === undefined) continue;
    if (seen.has(`${row[by]}\u0000${row.release}`)) continue;

    const key = row[by] ?? '(none)';
    releases[key] = [...(releases[key] ?? []), row.release];
  }

  return releases;
}
