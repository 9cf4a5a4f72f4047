/**
 * Queries on N events (10,000,000 by default) over 30 days in SQLite: cost
 * by endpoint for the 30 days and the hourly series for the last 7, read
 * from rollups (what the store does) and from raw events (for comparison).
 * The data is generated through the store first. BENCH_SCALE shrinks it.
 * BENCH_DB=path instead reads an existing store read-only (the dashboard
 * benchmark's, say, whose 30 days end at 2026-11-30T13:37Z), loading none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteDialect } from '../src/dialects/sqlite/dialect.js';
import { openSqlite } from '../src/dialects/sqlite/open.js';
import { runQuery, runTimeSeries } from '../src/queries/query.js';
import { createKyselyStore } from '../src/store.js';
import { median, scaled, timeRuns, trafficBatches } from './data.js';

const EVENTS = scaled(10_000_000);
const start = new Date('2026-11-01T00:00:00Z');
const end = new Date('2026-12-01T00:00:00Z');
const lastWeek = new Date('2026-11-24T00:00:00Z');

async function timed(
  runs: number,
  work: () => Promise<unknown>,
): Promise<number> {
  return median(await timeRuns(runs, work));
}

async function main() {
  const existing = process.env.BENCH_DB;
  const dir = mkdtempSync(join(tmpdir(), 'tokenledger-bench-'));
  const db = await openSqlite(existing ?? join(dir, 'query.db'), {
    readOnly: existing !== undefined,
  });
  const store = await createKyselyStore({ db, destroyOnClose: true });

  try {
    if (!existing) await load(store);

    const byEndpoint = {
      filter: { from: start, to: end },
      groupBy: ['endpoint' as const],
    };
    const hourly = {
      filter: { from: lastWeek, to: end },
      bucket: 'hour' as const,
    };

    const results = [
      [
        'cost by endpoint, 30 days',
        await timed(21, () => store.query(byEndpoint)),
        await timed(3, () => runQuery(db, sqliteDialect, byEndpoint, 'raw')),
      ],
      [
        'hourly series, 7 days',
        await timed(21, () => store.timeSeries(hourly)),
        await timed(3, () => runTimeSeries(db, sqliteDialect, hourly, 'raw')),
      ],
    ] as const;

    for (const [name, rollups, raw] of results) {
      process.stdout.write(
        `${name}: rollups ${rollups.toFixed(1)} ms median, raw events ${raw.toFixed(0)} ms median\n`,
      );
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fills a new store with the benchmark's traffic, timing the load. */
async function load(store: Awaited<ReturnType<typeof createKyselyStore>>) {
  await store.migrate();

  const loadStarted = performance.now();
  for (const batch of trafficBatches(
    { events: EVENTS, days: 30, start },
    20_000,
  )) {
    await store.insertEvents(batch);
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  process.stdout.write(
    `query: ${EVENTS.toLocaleString('en')} events over 30 days loaded in ${loadSeconds.toFixed(0)} s (${Math.round(EVENTS / loadSeconds).toLocaleString('en')} events/s)\n`,
  );
}

await main();
