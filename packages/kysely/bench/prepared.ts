/**
 * Text protocol against prepared statements on MariaDB, statement by
 * statement: the writer's two kinds of statement, sent with mysql2's
 * `query` (parameters formatted into the SQL text on the client, literals
 * parsed by the server) and with its `execute` (prepared once per
 * connection, parameters sent in the binary protocol), taking turns on one
 * connection so both see the same load. Kinds: a 500-row event `INSERT`
 * (20,500 placeholders) and a 100-row hourly user rollup upsert
 * (`ON DUPLICATE KEY UPDATE col = col + VALUES(col)`), each inside its own
 * transaction, only the statement timed; then what each costs in
 * JavaScript alone (mysql2's `format` against building the `execute`
 * packet); then that nano-USD past 2^53 stays exact through `execute`.
 * BENCH_SCALE=1 runs 300 statements of each kind per protocol. Run after
 * `tsc -p bench/tsconfig.json` with
 * `node .bench/packages/kysely/bench/prepared.js`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createPool, type ExecuteValues, type PoolConnection } from 'mysql2';
import { mysqlDialect } from '../src/dialects/mysql/dialect.js';
import { openStore } from '../src/index.js';
import {
  EVENT_COLUMNS,
  ROLLUP_MEASURES,
  USER_KEY_COLUMNS,
  USER_ROLLUP_TABLE,
} from '../src/schema/tables.js';
import {
  eventRowValues,
  eventTimeMs,
  readEventCosts,
} from '../src/write/event-row.js';
import { type PreparedEvent, rollupDeltas } from '../src/write/rollup-rows.js';
import { median, scaled, trafficBatches } from './data.js';
import { benchMysql } from './mariadb.js';

const STATEMENTS = scaled(300);
const EVENT_ROWS = 500;
const ROLLUP_ROWS = 100;

type Protocol = 'query' | 'execute';
const PROTOCOLS: readonly Protocol[] = ['query', 'execute'];

const quote = mysqlDialect.quote;

function insertText(table: string, columns: readonly string[], rows: number) {
  const row = `(${columns.map(() => '?').join(', ')})`;

  return `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${Array(rows).fill(row).join(', ')}`;
}

const EVENT_SQL = insertText('usage_events', EVENT_COLUMNS, EVENT_ROWS);
const ROLLUP_COLUMNS = ['key_hash', ...USER_KEY_COLUMNS, ...ROLLUP_MEASURES];
const ROLLUP_SQL =
  insertText(USER_ROLLUP_TABLE, ROLLUP_COLUMNS, ROLLUP_ROWS) +
  mysqlDialect.rollupUpsertClause([], ROLLUP_MEASURES);

function send(
  connection: PoolConnection,
  protocol: Protocol,
  text: string,
  values: unknown[] = [],
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const done = (error: unknown, result: unknown) =>
      error ? reject(error) : resolve(result);
    if (protocol === 'execute') {
      connection.execute(text, values as ExecuteValues[], done);
    } else connection.query(text, values, done);
  });
}

/** Runs one statement in its own transaction; returns the statement's ms. */
async function timed(
  connection: PoolConnection,
  protocol: Protocol,
  text: string,
  values: unknown[],
): Promise<number> {
  await send(connection, 'query', 'begin');
  const started = performance.now();
  await send(connection, protocol, text, values);
  const ms = performance.now() - started;
  await send(connection, 'query', 'commit');

  return ms;
}

/** Each batch's event rows and its first 100 hourly user rollup rows. */
function* workload() {
  const traffic = {
    events: STATEMENTS * 2 * EVENT_ROWS,
    days: 30,
    start: new Date('2026-11-01T00:00:00Z'),
  };

  for (const batch of trafficBatches(traffic, EVENT_ROWS)) {
    const prepared: PreparedEvent[] = batch.map((event) => ({
      event,
      timeMs: eventTimeMs(event),
      costs: readEventCosts(event),
    }));
    const events = prepared.flatMap((p) =>
      eventRowValues(p.event, p.timeMs, p.costs, mysqlDialect),
    );
    const rollup = rollupDeltas(prepared, USER_ROLLUP_TABLE)
      .slice(0, ROLLUP_ROWS)
      .flatMap((delta) => [
        ...delta.key,
        ...delta.measures.map((m) => mysqlDialect.nanoParam(m)),
      ]);
    if (rollup.length === ROLLUP_ROWS * ROLLUP_COLUMNS.length) {
      yield { events, rollup };
    }
  }
}

type Timings = Record<string, Record<Protocol, number[]>>;

/**
 * Two batches make a round: each protocol inserts one of them (fresh ids)
 * and upserts the first batch's rollup rows (the first to run inserts
 * them, the second adds onto them); which protocol goes first alternates.
 */
async function interleave(connection: PoolConnection): Promise<Timings> {
  const timings: Timings = {
    [`event INSERT, ${EVENT_ROWS} rows`]: { query: [], execute: [] },
    [`rollup upsert, ${ROLLUP_ROWS} rows`]: { query: [], execute: [] },
  };
  const [eventKind, rollupKind] = Object.values(timings) as [
    Record<Protocol, number[]>,
    Record<Protocol, number[]>,
  ];
  const batches = workload();
  for (let round = 0; ; round++) {
    const a = batches.next();
    const b = batches.next();
    if (a.done || b.done) break;

    const order = round % 2 === 0 ? PROTOCOLS : [...PROTOCOLS].reverse();
    const [first, second] = order as [Protocol, Protocol];
    eventKind[first].push(
      await timed(connection, first, EVENT_SQL, a.value.events),
    );
    eventKind[second].push(
      await timed(connection, second, EVENT_SQL, b.value.events),
    );
    for (const protocol of order) {
      rollupKind[protocol].push(
        await timed(connection, protocol, ROLLUP_SQL, a.value.rollup),
      );
    }
  }

  return timings;
}

/** Median ms of `run` over `times` calls. */
function medianMs(times: number, run: () => unknown): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    ms.push(performance.now() - started);
  }

  return median(ms);
}

/**
 * The client's own work per statement: `query` formats every value into
 * the text; `execute` serialises them into the binary packet (mysql2's
 * internal packet class, built as its Execute command builds it).
 */
function clientSide(connection: PoolConnection) {
  // not among mysql2's exports: loaded by path, next to its entry point
  const require = createRequire(import.meta.url);
  const lib = join(dirname(require.resolve('mysql2')), 'lib');
  const Execute = require(join(lib, 'packets', 'execute.js')) as new (
    id: number,
    values: unknown[],
    charsetNumber: number,
    timezone: string,
  ) => { toPacket(): unknown };
  const charset = (
    connection as unknown as { config: { charsetNumber: number } }
  ).config.charsetNumber;
  const { value } = workload().next();
  if (!value) throw new Error('no workload');

  const rows: [string, string, unknown[]][] = [
    [`event INSERT, ${EVENT_ROWS} rows`, EVENT_SQL, value.events],
    [`rollup upsert, ${ROLLUP_ROWS} rows`, ROLLUP_SQL, value.rollup],
  ];
  for (const [kind, text, values] of rows) {
    const format = medianMs(200, () => connection.format(text, values));
    const packet = medianMs(200, () =>
      new Execute(1, values, charset, 'Z').toPacket(),
    );
    process.stdout.write(
      `${kind.padEnd(28)} JS: query format ${format.toFixed(3)} ms, execute packet ${packet.toFixed(3)} ms\n`,
    );
  }
}

/** nano-USD past 2^53 through `execute`: stored and summed exactly. */
async function exactness(connection: PoolConnection) {
  const big = '9007199254740993'; // 2^53 + 1: a double would make it ...992
  const { value } = workload().next();
  if (!value) throw new Error('no workload');

  // the first batch again, under new ids: the timed rounds stored it
  const events = [...value.events];
  for (let row = 0; row < EVENT_ROWS; row++) {
    events[row * EVENT_COLUMNS.length] = `exact-${row}`;
  }
  const id = 'exact-0';
  events[EVENT_COLUMNS.indexOf('cost_nano')] = big;
  await send(connection, 'execute', EVENT_SQL, events);
  const [row] = (await send(
    connection,
    'query',
    'select cast(cost_nano as char) as cost from usage_events where id = ?',
    [id],
  )) as { cost: string }[];

  const rollup = [...value.rollup.slice(0, ROLLUP_COLUMNS.length)];
  rollup[0] = 'f'.repeat(32); // a key no other row has
  rollup[ROLLUP_COLUMNS.indexOf('cost_nano')] = big;
  const one = insertText(USER_ROLLUP_TABLE, ROLLUP_COLUMNS, 1);
  const upsert = one + mysqlDialect.rollupUpsertClause([], ROLLUP_MEASURES);
  await send(connection, 'execute', upsert, rollup);
  await send(connection, 'execute', upsert, rollup);
  const [sum] = (await send(
    connection,
    'query',
    `select cast(cost_nano as char) as cost from ${USER_ROLLUP_TABLE} where key_hash = ?`,
    [rollup[0]],
  )) as { cost: string }[];

  const ok = row?.cost === big && sum?.cost === '18014398509481986';
  process.stdout.write(
    `exact through execute: event cost_nano ${row?.cost} (sent ${big}), rollup sum of two ${sum?.cost} (expected 18014398509481986): ${ok ? 'ok' : 'WRONG'}\n`,
  );
  if (!ok) process.exitCode = 1;
}

async function main() {
  const mysql = await benchMysql();
  if (!mysql) throw new Error('no MariaDB: install mariadb-server');

  try {
    const url = await mysql.database('bench_prepared');
    const store = await openStore(url);
    await store.migrate();
    await store.close();
    const pool = createPool({
      uri: url,
      connectionLimit: 1,
      supportBigNumbers: true,
      bigNumberStrings: true,
      timezone: 'Z',
    });
    const connection = await new Promise<PoolConnection>((resolve, reject) =>
      pool.getConnection((error, c) => (error ? reject(error) : resolve(c))),
    );

    const timings = await interleave(connection);
    for (const [kind, { query, execute }] of Object.entries(timings)) {
      const q = median(query);
      const e = median(execute);
      process.stdout.write(
        `${kind.padEnd(28)} median of ${query.length}: query ${q.toFixed(2)} ms, execute ${e.toFixed(2)} ms (${(((q - e) / q) * 100).toFixed(1)}% less)\n`,
      );
    }
    clientSide(connection);
    await exactness(connection);
    connection.release();
    await new Promise((resolve) => pool.end(resolve));
  } finally {
    await mysql.stop();
  }
}

await main();
