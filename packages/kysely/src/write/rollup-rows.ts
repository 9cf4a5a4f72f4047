import { hash } from 'node:crypto';
import type { UsageEvent } from '@tokenledger/core';
import { HOUR_MS } from '../schema/tables.js';
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
 * One rollup row being summed. Counts add up as numbers (every addend is a
 * checked non-negative safe integer, see `checkCounts`, so a sum that is
 * still a safe integer is exact); costs as bigint nano-USD.
 */
class RollupSum {
  calls = 0;
  unpricedCalls = 0;
  inputTokens = 0;
  outputTokens = 0;
  cacheWriteTokens = 0;
  cacheWrite1hTokens = 0;
  cacheReadTokens = 0;
  reasoningTokens = 0;
  pages = 0;
  costTotal = 0n;
  costInput = 0n;
  costOutput = 0n;
  costCacheWrite = 0n;
  costCacheRead = 0n;
  costUnits = 0n;

  constructor(readonly key: (string | number)[]) {}

  add({ event, costs }: PreparedEvent): void {
    const { usage } = event;

    this.calls += 1;
    if (!event.priced) this.unpricedCalls += 1;
    this.inputTokens += usage.inputTokens;
    this.outputTokens += usage.outputTokens;
    this.cacheWriteTokens += usage.cacheWriteTokens;
    this.cacheWrite1hTokens += usage.cacheWrite1hTokens;
    this.cacheReadTokens += usage.cacheReadTokens;
    this.reasoningTokens += usage.reasoningTokens;
    this.pages += usage.pages ?? 0;
    if (!costs) return;

    this.costTotal += costs.total;
    this.costInput += costs.input;
    this.costOutput += costs.output;
    this.costCacheWrite += costs.cacheWrite;
    this.costCacheRead += costs.cacheRead;
    this.costUnits += costs.units;
  }

  /** The measures in `ROLLUP_MEASURES` order. */
  toDelta(): RollupDelta {
    const counts = [
      this.calls,
      this.unpricedCalls,
      this.inputTokens,
      this.outputTokens,
      this.cacheWriteTokens,
      this.cacheWrite1hTokens,
      this.cacheReadTokens,
      this.reasoningTokens,
      this.pages,
    ].map(exactCount);

    return {
      key: this.key,
      measures: [
        ...counts,
        this.costTotal,
        this.costInput,
        this.costOutput,
        this.costCacheWrite,
        this.costCacheRead,
        this.costUnits,
      ],
    };
  }
}

function exactCount(count: number): bigint {
  if (Number.isSafeInteger(count)) return BigInt(count);

  throw new RangeError(
    `A rollup count reached ${count}, past 2^53 - 1; insert fewer events per call.`,
  );
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
  const sums = new Map<string, RollupSum>();

  for (const prepared of events) {
    const hourMs = prepared.timeMs - (prepared.timeMs % HOUR_MS);
    const dimensions = rollupDimensions(prepared.event, withUser);
    const dimensionsJson = JSON.stringify(dimensions);
    // digits then '[': the hour and the dimensions cannot run into each other
    const id = `${hourMs}${dimensionsJson}`;
    let sum = sums.get(id);

    if (!sum) {
      sum = new RollupSum([hashKey(dimensionsJson), hourMs, ...dimensions]);
      sums.set(id, sum);
    }

    sum.add(prepared);
  }

  return [...sums.values()].map((sum) => sum.toDelta());
}

function rollupDimensions(event: UsageEvent, withUser: boolean) {
  const dimensions: (string | number)[] = [
    event.provider,
    event.model,
    event.endpoint,
    event.release ?? '',
    event.status,
    event.priced ? 1 : 0,
  ];

  return withUser ? [event.userId, ...dimensions] : dimensions;
}

// The same dimensions recur hour after hour: hash each one once. Bounded,
// and simply emptied when full (a miss only costs one hash).
const HASH_CACHE_SIZE = 20_000;
const hashCache = new Map<string, string>();

function hashKey(dimensionsJson: string): string {
  let digest = hashCache.get(dimensionsJson);
  if (digest !== undefined) return digest;

  digest = hash('sha256', dimensionsJson, 'hex').slice(0, 32);
  if (hashCache.size >= HASH_CACHE_SIZE) hashCache.clear();
  hashCache.set(dimensionsJson, digest);

  return digest;
}
