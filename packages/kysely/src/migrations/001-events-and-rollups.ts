import type { CreateTableBuilder, Kysely } from 'kysely';
import { detectDialect } from '../dialects/detect.js';
import {
  ALL_USERS_ROLLUP_TABLE,
  EVENTS_TABLE,
  ROLLUP_MEASURES,
  USER_ROLLUP_TABLE,
} from '../schema/tables.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;
// biome-ignore lint/suspicious/noExplicitAny: columns are added step by step
type Table = CreateTableBuilder<string, any>;

/** Creates the events table and both hourly rollups, with their indexes. */
export async function up(db: AnyDb): Promise<void> {
  await createEventsTable(db);

  await createRollupTable(db, USER_ROLLUP_TABLE, true);

  await createRollupTable(db, ALL_USERS_ROLLUP_TABLE, false);
}

/** Drops what {@link up} created. */
export async function down(db: AnyDb): Promise<void> {
  for (const table of [ALL_USERS_ROLLUP_TABLE, USER_ROLLUP_TABLE]) {
    await db.schema.dropTable(table).ifExists().execute();
  }

  await db.schema.dropTable(EVENTS_TABLE).ifExists().execute();
}

async function createEventsTable(db: AnyDb) {
  let table = withOptions(db, db.schema.createTable(EVENTS_TABLE))
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('ts_ms', 'bigint', (c) => c.notNull());

  table = addDimensions(table, true)
    .addColumn('canonical_model', 'varchar(200)')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('shape', 'varchar(64)');

  table = addTokenCounts(table);
  table = addEventCosts(table);
  table = addCallDetails(table);
  await table.execute();

  for (const [name, columns] of EVENT_INDEXES) {
    await db.schema
      .createIndex(name)
      .on(EVENTS_TABLE)
      .columns(columns)
      .execute();
  }
}

const EVENT_INDEXES: [string, string[]][] = [
  ['usage_events_ts', ['ts_ms', 'id']],
  ['usage_events_user_ts', ['user_id', 'ts_ms']],
  ['usage_events_endpoint_ts', ['endpoint', 'ts_ms']],
  ['usage_events_model_ts', ['model', 'ts_ms']],
];

function addDimensions(table: Table, withUser: boolean): Table {
  const withUserColumn = withUser
    ? table.addColumn('user_id', 'varchar(200)', (c) => c.notNull())
    : table;

  return withUserColumn
    .addColumn('provider', 'varchar(64)', (c) => c.notNull())
    .addColumn('model', 'varchar(200)', (c) => c.notNull())
    .addColumn('endpoint', 'varchar(200)', (c) => c.notNull())
    .addColumn('app_release', 'varchar(100)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('priced', 'smallint', (c) => c.notNull());
}

function addTokenCounts(table: Table): Table {
  const counts = [
    'input_tokens',
    'output_tokens',
    'cache_write_tokens',
    'cache_write_1h_tokens',
    'cache_read_tokens',
    'reasoning_tokens',
    'audio_input_tokens',
    'audio_output_tokens',
  ];
  const withCounts = counts.reduce(
    (acc, name) => acc.addColumn(name, 'integer', (c) => c.notNull()),
    table,
  );

  return withCounts
    .addColumn('pages', 'integer')
    .addColumn('images', 'integer')
    .addColumn('requests', 'integer');
}

function addEventCosts(table: Table): Table {
  const costs = ROLLUP_MEASURES.filter((name) => name.startsWith('cost_'));

  return costs.reduce((acc, name) => acc.addColumn(name, 'bigint'), table);
}

function addCallDetails(table: Table): Table {
  return table
    .addColumn('unpriced_reason', 'text')
    .addColumn('price_id', 'varchar(200)')
    .addColumn('provider_cost_nano', 'bigint')
    .addColumn('batch', 'smallint', (c) => c.notNull())
    .addColumn('streamed', 'smallint', (c) => c.notNull())
    .addColumn('incomplete', 'smallint', (c) => c.notNull())
    .addColumn('latency_ms', 'double precision')
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('request_id', 'varchar(200)')
    .addColumn('prefix_hash', 'varchar(64)')
    .addColumn('prefix_tokens', 'integer')
    .addColumn('max_tokens_hit', 'smallint');
}

// Clustered by (hour, hash of the other key parts): inserts append in time
// order and a range of hours is one contiguous scan. The hash stands in for
// the dimensions, which would pass InnoDB's 3072-byte key limit in utf8mb4.
async function createRollupTable(db: AnyDb, name: string, withUser: boolean) {
  const options = detectDialect(db).rollupTableOptions;
  let table = db.schema
    .createTable(name)
    .modifyEnd(options)
    .addColumn('hour_ms', 'bigint', (c) => c.notNull())
    .addColumn('key_hash', 'char(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${name}_pk`, ['hour_ms', 'key_hash']);

  table = addDimensions(table, withUser);
  table = ROLLUP_MEASURES.reduce(
    (acc, measure) =>
      acc.addColumn(measure, 'bigint', (c) => c.notNull().defaultTo(0)),
    table,
  );
  await table.execute();
}

function withOptions(db: AnyDb, table: Table): Table {
  const options = detectDialect(db).tableOptions;

  return options ? table.modifyEnd(options) : table;
}
