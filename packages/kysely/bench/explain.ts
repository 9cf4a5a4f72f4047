/**
 * `explainFromStore` timed in process on an existing SQLite store, opened
 * READ-ONLY (never migrated, never written: a shared benchmark database is
 * safe). BENCH_DB names the file (required), BENCH_RUNS the runs per case
 * (15), BENCH_BY the grouping (endpoint), BENCH_CASES the cases (all):
 * - `cut`: the dashboard's 7 days from a UTC midnight to a clock at 13:37
 *   against the 7 days a week earlier, both ending at 13:37;
 * - `whole`: 7 whole UTC days against the 7 before;
 * - `month`: the dashboard's 30 days (from a UTC midnight to 13:37)
 *   against the 30 before them, both ending at 13:37.
 * BENCH_STEPS=1 also times each query the explanation asks, one at a time.
 *
 * tsc -p bench/tsconfig.json && BENCH_DB=/tmp/tl-bench/10m.db node .bench/packages/kysely/bench/explain.js
 */
import { loadavg } from 'node:os';
import {
  type AggregateQuery,
  type EventsQuery,
  type ExplainDimension,
  explainFromStore,
  type StoreExplainRequest,
  type UsageStore,
} from '@tokenledger/core';
import { openStore } from '../src/open-store.js';
import { median, timeRuns } from './data.js';

const at = (iso: string) => new Date(`2026-${iso}Z`);

const CASES: Record<string, StoreExplainRequest> = {
  cut: {
    before: { from: at('11-17T00:00'), to: at('11-23T13:37') },
    after: { from: at('11-24T00:00'), to: at('11-30T13:37') },
  },
  whole: {
    before: { from: at('11-17T00:00'), to: at('11-24T00:00') },
    after: { from: at('11-24T00:00'), to: at('12-01T00:00') },
  },
  month: {
    before: { from: at('10-02T00:00'), to: at('10-31T13:37') },
    after: { from: at('11-01T00:00'), to: at('11-30T13:37') },
  },
};

async function main() {
  const file = process.env.BENCH_DB;
  if (!file) throw new Error('Set BENCH_DB to an existing SQLite store.');

  const store = await openStore(`sqlite:${file}`, { readOnly: true });
  const runs = Number(process.env.BENCH_RUNS ?? 15);
  const by = (process.env.BENCH_BY ?? 'endpoint') as ExplainDimension;
  const names = process.env.BENCH_CASES?.split(',') ?? Object.keys(CASES);

  try {
    for (const name of names) {
      const request = { ...(CASES[name] as StoreExplainRequest), by };
      const timings = await time(runs, () => explainFromStore(store, request));
      process.stdout.write(
        `${name.padEnd(6)} median ${timings.median.toFixed(1)} ms  p95 ${timings.p95.toFixed(1)} ms  load ${loadavg()[0]?.toFixed(2)}\n`,
      );
      if (process.env.BENCH_STEPS === '1') await steps(store, request);
    }
  } finally {
    await store.close();
  }
}

/** Times each query of one explanation alone, then the rest (arithmetic). */
async function steps(store: UsageStore, request: StoreExplainRequest) {
  const asked: AggregateQuery[] = [];
  const spy = {
    query: (query: AggregateQuery) => {
      asked.push(query);
      return store.query(query);
    },
    events: (query: EventsQuery) => store.events(query),
  } as UsageStore;
  const total = await time(5, () => explainFromStore(spy, request));

  let queries = 0;
  for (const query of asked.slice(0, asked.length / 5)) {
    const { median } = await time(5, () => store.query(query));
    queries += median;
    const { from, to, userId } = query.filter ?? {};
    process.stdout.write(
      `  ${JSON.stringify(query.groupBy ?? [])} ${from?.toISOString().slice(5, 16)}..${to?.toISOString().slice(5, 16)}${userId ? ` ${[userId].flat().length} ids` : ''}: ${median.toFixed(1)} ms\n`,
    );
  }
  process.stdout.write(
    `  queries ${queries.toFixed(1)} ms, the rest ${(total.median - queries).toFixed(1)} ms\n`,
  );
}

/** The median and 95th percentile of `runs` runs, in ms. */
async function time(runs: number, run: () => Promise<unknown>) {
  const timings = (await timeRuns(runs, run)).sort((a, b) => a - b);

  return {
    median: median(timings),
    p95: timings[Math.ceil(runs * 0.95) - 1] as number,
  };
}

await main();
