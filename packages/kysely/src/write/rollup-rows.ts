import { createHash } from 'node:crypto';
import type { UsageEvent } from '@tokenledger/core';
import { HOUR_MS, ROLLUP_MEASURES } from '../schema/tables.js';
import type { EventCosts } from './event-row.js';

/** An event on its way in, with what the write path already read from it. */
export interface PreparedEvent {
  event: UsageEvent;
  timeMs: number;
  costs: EventCosts | null;
}

/** One rollup row to add: its key (hash first) and its measures. */
export interface RollupDelta {
  key: (string | number)[];
  measures: bigint[];
}

/**
 * Sums new events into rollup rows keyed by hour and dimensions, with or
 * without the user. With the hour, a 128-bit hash of the dimensions is the
 * primary key (see the migration).
 */
export function rollupDeltas(
  events: readonly PreparedEvent[],
  withUser: boolean,
): RollupDelta[] {
  const deltas = new Map<string, RollupDelta>();

  for (const prepared of events) {
    const key = rollupKey(prepared, withUser);
    const id = JSON.stringify(key);
    let delta = deltas.get(id);

    if (!delta) {
      const dimensions = JSON.stringify(key.slice(1));
      delta = { key: [hashKey(dimensions), ...key], measures: zeroMeasures() };
      deltas.set(id, delta);
    }

    addMeasures(delta.measures, prepared);
  }

  return [...deltas.values()];
}

function rollupKey({ event, timeMs }: PreparedEvent, withUser: boolean) {
  const hourMs = timeMs - (timeMs % HOUR_MS);
  const dimensions = [
    event.provider,
    event.model,
    event.endpoint,
    event.release ?? '',
    event.status,
    event.priced ? 1 : 0,
  ];

  return withUser
    ? [hourMs, event.userId, ...dimensions]
    : [hourMs, ...dimensions];
}

function hashKey(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 32);
}

function zeroMeasures(): bigint[] {
  return ROLLUP_MEASURES.map(() => 0n);
}

function addMeasures(measures: bigint[], { event, costs }: PreparedEvent) {
  const { usage } = event;
  const values = [
    1,
    event.priced ? 0 : 1,
    usage.inputTokens,
    usage.outputTokens,
    usage.cacheWriteTokens,
    usage.cacheWrite1hTokens,
    usage.cacheReadTokens,
    usage.reasoningTokens,
    usage.pages ?? 0,
  ];

  values.forEach((value, i) => {
    measures[i] = (measures[i] ?? 0n) + BigInt(value);
  });

  if (!costs) return;

  const nano = [
    costs.total,
    costs.input,
    costs.output,
    costs.cacheWrite,
    costs.cacheRead,
    costs.units,
  ];
  nano.forEach((value, i) => {
    const at = values.length + i;
    measures[at] = (measures[at] ?? 0n) + value;
  });
}
