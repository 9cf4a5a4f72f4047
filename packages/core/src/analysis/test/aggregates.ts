import { formatUsd } from '../../money.js';
import type { TimeWindow, WindowAggregate } from '../types.js';

/** Nano-USD per token of the prices the tests use (USD per million tokens). */
export const SONNET = {
  input: 3000n,
  cacheRead: 300n,
  cacheWrite: 3750n,
  cacheWrite1h: 6000n,
  output: 15000n,
};
export const CHEAP = {
  input: 1000n,
  cacheRead: 100n,
  cacheWrite: 1250n,
  cacheWrite1h: 2000n,
  output: 5000n,
};

/** One day, 1 to 2 November 2026, and the day after. */
export const DAY_1: TimeWindow = {
  from: new Date('2026-11-01T00:00:00Z'),
  to: new Date('2026-11-02T00:00:00Z'),
};
export const DAY_2: TimeWindow = {
  from: new Date('2026-11-02T00:00:00Z'),
  to: new Date('2026-11-03T00:00:00Z'),
};

/** Token counts of a hand-built aggregate. */
export interface Counts {
  calls: number;
  input?: number;
  read?: number;
  write?: number;
  write1h?: number;
  output?: number;
  /** Pages processed (OCR); `unitsNano` is then their cost. */
  pages?: number;
  unitsNano?: bigint;
}

/** An aggregate priced per token at `prices`, exactly. */
export function aggregate(
  key: string,
  counts: Counts,
  prices: typeof SONNET = SONNET,
): WindowAggregate {
  const { calls, input = 0, read = 0, write = 0, write1h = 0 } = counts;
  const output = counts.output ?? 0;
  const written =
    BigInt(write) * prices.cacheWrite + BigInt(write1h) * prices.cacheWrite1h;
  const usd = formatUsd;

  return {
    key,
    calls,
    inputTokens: input,
    cacheReadTokens: read,
    cacheWriteTokens: write,
    cacheWrite1hTokens: write1h,
    outputTokens: output,
    ...(counts.pages === undefined ? {} : { pages: counts.pages }),
    cost: {
      input: usd(BigInt(input) * prices.input),
      cacheRead: usd(BigInt(read) * prices.cacheRead),
      cacheWrite: usd(written),
      output: usd(BigInt(output) * prices.output),
      units: usd(counts.unitsNano ?? 0n),
    },
  };
}
