/**
 * The API calls the dashboard page makes, timed over HTTP against a SQLite
 * store holding N events (10,000,000 by default, 10,000 users) from
 * 2026-11-01T00:00Z up to the dashboard's clock, BENCH_NOW (default
 * 2026-11-30T13:37Z: the traffic stops at now, as it does in production,
 * and now cuts the day). BENCH_SCALE shrinks N; BENCH_DB keeps the
 * database file between runs (it is filled only when empty, and migrated
 * when older, with the time it took printed; a file filled for another
 * BENCH_NOW gives figures for data that does not end at now). BENCH_VIEWS
 * and BENCH_CALLS pick views and calls (comma-separated prefixes),
 * BENCH_RUNS the requests per call (15), BENCH_READER_THREADS the store's reader
 * threads (openStore's default when unset; 0 reads on the main thread). BENCH_READONLY=1 opens BENCH_DB
 * read-only (neither migrated nor filled), for a database that others
 * read too.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboard } from '@tokenledger/dashboard';
import { openStore } from '@tokenledger/kysely';
import express from 'express';
import { trafficBatches } from './traffic.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const EVENTS = Math.max(1000, Math.round(10_000_000 * scale));
const USERS = 10_000;
const START = new Date('2026-11-01T00:00:00Z');
const NOW = new Date(process.env.BENCH_NOW ?? '2026-11-30T13:37:00Z');
const DAYS = (NOW.getTime() - START.getTime()) / 86_400_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const READERS =
  process.env.BENCH_READER_THREADS === undefined
    ? {}
    : { readerThreads: Number(process.env.BENCH_READER_THREADS) };

/** The calls one page view makes, after the summary. */
const PAGE_CALLS = [
  'summary',
  'timeseries',
  'timeseries?split=model',
  'breakdown?by=endpoint&top=25',
  'breakdown?by=model&top=25',
  'breakdown?by=user&top=10',
  'breakdown?by=provider&top=25',
  'events?limit=50',
  'facets?limit=50&search=user-12',
  'explain',
  'cache',
  'anomalies',
];

const VIEWS = picked(
  [
    'range=7d',
    'range=30d',
    'range=30d&user=user-0',
    'range=7d&endpoint=POST%20/feature-3',
  ],
  process.env.BENCH_VIEWS,
);

/** The items that start with one of the comma-separated prefixes, or all. */
function picked(items: string[], prefixes: string | undefined): string[] {
  if (!prefixes) return items;

  const wanted = prefixes.split(',');
  return items.filter((item) => wanted.some((p) => item.startsWith(p)));
}

async function main() {
  const file =
    process.env.BENCH_DB ??
    join(
      mkdtempSync(join(tmpdir(), 'tokenledger-dashboard-bench-')),
      'bench.db',
    );
  const store = process.env.BENCH_READONLY
    ? await readOnlyStore(file)
    : await writableStore(file);

  const app = express();
  app.use(
    '/',
    dashboard({ store, allowUnauthenticated: true, now: () => NOW }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  try {
    for (const view of VIEWS) {
      for (const call of picked(PAGE_CALLS, process.env.BENCH_CALLS)) {
        const [path, query = ''] = call.split('?');
        const url = `${origin}/api/${path}?${view}${query ? `&${query}` : ''}`;
        const { median, p95 } = await time(url);
        process.stdout.write(
          `${view.padEnd(36)} ${call.padEnd(30)} median ${median.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms\n`,
        );
      }
    }
  } finally {
    server.close();
    await store.close();
  }
}

/** The store on `file`, migrated to the latest schema and filled when empty. */
async function writableStore(file: string) {
  const store = await openStore(`sqlite:${file}`, READERS);
  const migrating = performance.now();
  const applied = await store.migrate();
  if (applied.length > 0) {
    const seconds = (performance.now() - migrating) / 1000;
    process.stdout.write(
      `applied ${applied.join(', ')} in ${seconds.toFixed(1)} s\n`,
    );
  }
  await fill(store);

  return store;
}

/** The store on an existing `file`, opened read-only: never migrated nor filled. */
async function readOnlyStore(file: string) {
  process.stdout.write(`reading ${file} read-only\n`);

  return openStore(`sqlite:${file}`, { readOnly: true, ...READERS });
}

async function fill(store: Awaited<ReturnType<typeof openStore>>) {
  const existing = await store.events({ limit: 1 });
  if (existing.events.length > 0) {
    process.stdout.write('using the events already in BENCH_DB\n');
    return;
  }

  const started = performance.now();
  for (const batch of trafficBatches(
    { events: EVENTS, users: USERS, start: START, days: DAYS },
    5000,
  )) {
    await store.insertEvents(batch);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `loaded ${EVENTS.toLocaleString('en')} events (${USERS.toLocaleString('en')} users, ${DAYS.toFixed(2)} days) in ${seconds.toFixed(0)} s\n`,
  );
}

async function time(url: string) {
  const timings: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    timings.push(performance.now() - started);
  }

  timings.sort((a, b) => a - b);
  return {
    median: timings[Math.floor(RUNS / 2)] as number,
    p95: timings[Math.ceil(RUNS * 0.95) - 1] as number,
  };
}

await main();
