import type { EventCostUpdate, UsageEvent } from '@tokenledger/core';
import type { Kysely, Transaction } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import { eventFromRow } from '../queries/event-from-row.js';
import { eventSelections } from '../queries/events.js';
import { invalid } from '../queries/filter-input.js';
import { EVENTS_TABLE, ROLLUP_TABLES, rollupBucket } from '../schema/tables.js';
import { checkEvent, readEventCosts } from './event-row.js';
import {
  type PreparedEvent,
  type RollupDelta,
  rollupDeltas,
} from './rollup-rows.js';
import { INSERT_CHUNK_SIZE, upsertRollups } from './statements.js';

// biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
type AnyDb = Kysely<any>;

/**
 * Replaces the cost fields of stored events and moves their amounts in
 * every rollup, in one transaction: each event's old contribution is subtracted
 * and its new one added (an event that becomes priced or unpriced changes
 * rollup row, as `priced` is part of the key). Rollup rows left without
 * calls are deleted. Unknown ids are skipped.
 */
export async function updateCosts(
  db: AnyDb,
  dialect: StoreDialect,
  updates: readonly EventCostUpdate[],
): Promise<number> {
  if (!Array.isArray(updates)) {
    throw invalid(
      'updateCosts needs an array of { id, ...eventCostFields(cost) }',
    );
  }
  if (updates.length === 0) return 0;

  const byId = new Map(updates.map((update) => [update.id, update]));

  return db.transaction().execute(async (trx) => {
    const moves = await readMoves(trx as AnyDb, dialect, byId);

    for (const move of moves) await writeCosts(trx as AnyDb, dialect, move.to);
    await moveRollups(trx, dialect, moves);

    return moves.length;
  });
}

interface Move {
  from: PreparedEvent;
  to: PreparedEvent;
}

async function readMoves(
  trx: AnyDb,
  dialect: StoreDialect,
  byId: Map<string, EventCostUpdate>,
): Promise<Move[]> {
  const moves: Move[] = [];
  const ids = [...byId.keys()];

  for (let start = 0; start < ids.length; start += INSERT_CHUNK_SIZE) {
    const rows = await trx
      .selectFrom(EVENTS_TABLE)
      .select(eventSelections(dialect))
      .where('id', 'in', ids.slice(start, start + INSERT_CHUNK_SIZE))
      .execute();

    for (const row of rows) {
      const stored = eventFromRow(row);
      const next: UsageEvent = { ...stored, ...byId.get(stored.id) };
      const timeMs = stored.timestamp.getTime();

      moves.push({
        from: { event: stored, timeMs, costs: readEventCosts(stored) },
        to: { event: next, timeMs, costs: checkEvent(next) },
      });
    }
  }

  return moves;
}

async function writeCosts(
  trx: AnyDb,
  dialect: StoreDialect,
  { event, costs }: PreparedEvent,
): Promise<void> {
  const nano = (value: bigint | undefined) =>
    dialect.nanoParam(value === undefined ? null : value);

  await trx
    .updateTable(EVENTS_TABLE)
    .set({
      priced: event.priced ? 1 : 0,
      canonical_model: event.canonicalModel,
      unpriced_reason: event.unpricedReason,
      price_id: event.priceId,
      cost_nano: nano(costs?.total),
      cost_input_nano: nano(costs?.input),
      cost_output_nano: nano(costs?.output),
      cost_cache_write_nano: nano(costs?.cacheWrite),
      cost_cache_read_nano: nano(costs?.cacheRead),
      cost_units_nano: nano(costs?.units),
    })
    .where('id', '=', event.id)
    .execute();
}

async function moveRollups(
  trx: Transaction<unknown>,
  dialect: StoreDialect,
  moves: readonly Move[],
): Promise<void> {
  const from = moves.map((move) => move.from);
  const to = moves.map((move) => move.to);

  for (const table of ROLLUP_TABLES) {
    const deltas = netDeltas(
      rollupDeltas(from, table),
      rollupDeltas(to, table),
    );
    await upsertRollups(trx, dialect, table, deltas);

    const bucket = rollupBucket(table);
    const starts = [
      ...new Set(to.map((p) => p.timeMs - (p.timeMs % bucket.ms))),
    ];
    for (let start = 0; start < starts.length; start += INSERT_CHUNK_SIZE) {
      await (trx as AnyDb)
        .deleteFrom(table)
        .where(
          bucket.column,
          'in',
          starts.slice(start, start + INSERT_CHUNK_SIZE),
        )
        .where('calls', '=', 0)
        .execute();
    }
  }
}

/** `added - removed` per rollup row, leaving out rows that net to zero. */
function netDeltas(
  removed: readonly RollupDelta[],
  added: readonly RollupDelta[],
): RollupDelta[] {
  const net = new Map<string, RollupDelta>();

  for (const [deltas, sign] of [
    [removed, -1n],
    [added, 1n],
  ] as const) {
    for (const delta of deltas) {
      const id = JSON.stringify(delta.key);
      const sum = net.get(id) ?? {
        key: delta.key,
        measures: delta.measures.map(() => 0n),
      };
      delta.measures.forEach((value, i) => {
        sum.measures[i] = (sum.measures[i] as bigint) + sign * value;
      });
      net.set(id, sum);
    }
  }

  return [...net.values()].filter((delta) =>
    delta.measures.some((value) => value !== 0n),
  );
}
