import { hash } from 'node:crypto';
import type { UsageEvent } from '@tokenledger/core';
import {
  DAILY_USER_ROLLUP_TABLE,
  type RollupTable,
  rollupBucket,
  USER_ROLLUP_TABLE,
} from '../schema/tables.js';
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
 * checked integer of at most 100,000,000, see `checkEvent`, so a sum that is
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
 * Sums new events into the rows of one rollup table, keyed by the start of
 * the hour (the daily user rollup: of the UTC day) and a 128-bit hash of
 * the dimensions, its primary key (see the migrations).
 */
export function rollupDeltas(
  events: readonly PreparedEvent[],
  table: RollupTable,
): RollupDelta[] {
  const sums = new Map<string, RollupSum>();
  const bucketMs = rollupBucket(table).ms;

  for (const prepared of events) {
    const startMs = prepared.timeMs - (prepared.timeMs % bucketMs);
    const dimensions = rollupDimensions(prepared.event, table);
    const dimensionsJson = JSON.stringify(dimensions);
    // digits then '[': the bucket and the dimensions cannot run into each other
    const id = `${startMs}${dimensionsJson}`;
    let sum = sums.get(id);

    if (!sum) {
      sum = new RollupSum(rollupRowKey(startMs, dimensions, dimensionsJson));
      sums.set(id, sum);
    }

    sum.add(prepared);
  }

  return [...sums.values()].map((sum) => sum.toDelta());
}

function rollupDimensions(event: UsageEvent, table: RollupTable) {
  const priced = event.priced ? 1 : 0;
  if (table === DAILY_USER_ROLLUP_TABLE) {
    return dailyUserDimensions(event.userId, event.status, priced);
  }

  const dimensions: (string | number)[] = [
    event.provider,
    event.model,
    event.endpoint,
    event.release ?? '',
    event.status,
    priced,
  ];

  return table === USER_ROLLUP_TABLE
    ? [event.userId, ...dimensions]
    : dimensions;
}

/**
 * The key of a rollup row in `RollupDelta.key` order: the hash of the
 * dimensions, the start of the bucket, the dimensions.
 */
export function rollupRowKey(
  startMs: number,
  dimensions: (string | number)[],
  dimensionsJson = JSON.stringify(dimensions),
): (string | number)[] {
  return [hashKey(dimensionsJson), startMs, ...dimensions];
}

/** The dimensions of a daily user rollup row, in key column order. */
export function dailyUserDimensions(
  userId: string,
  status: string,
  priced: number,
): (string | number)[] {
  return [userId, status, priced];
}

// The same dimensions recur hour after hour: hash each one once. Bounded,
// and simply emptied when full (a miss only costs one hash).
const HASH_CACHE_SIZE = 20_000;
const hashCache = new Map<string, string>();

/** The key hash of a rollup row: the first 128 bits of SHA-256, hex. */
function hashKey(dimensionsJson: string): string {
  let digest = hashCache.get(dimensionsJson);
  if (digest !== undefined) return digest;

  digest = hash('sha256', dimensionsJson, 'hex').slice(0, 32);
  if (hashCache.size >= HASH_CACHE_SIZE) hashCache.clear();
  hashCache.set(dimensionsJson, digest);

  return digest;
}
