import {
  divRoundHalfEven,
  formatUsd,
  parseUsd,
  type UsageTotals,
} from '@tokenledger/core';

/** The headline figures of one window. */
export interface HeadlineFigures {
  /** USD, 9 decimals. */
  costUsd: string;
  calls: number;
  /** Cost per priced call (unpriced calls have no cost); null without any. */
  costPerCallUsd: string | null;
  /** Cache reads over every prompt token, 0..1. */
  cacheReadShare: number;
  /** Output tokens per call, 1 decimal; null without calls. */
  outputTokensPerCall: number | null;
  unpricedCalls: number;
}

/** A figure's change against the previous window. */
export interface FigureChange {
  /** Current minus previous: USD string for money, a number otherwise. */
  delta: string | number | null;
  /** Percent change, 1 decimal; null when the previous value was 0. */
  percent: number | null;
}

const EMPTY_COST = {
  input: '0.000000000',
  output: '0.000000000',
  cacheWrite: '0.000000000',
  cacheRead: '0.000000000',
  units: '0.000000000',
};

/** Totals of no events, for a store that returns no row. */
export const EMPTY_TOTALS: UsageTotals = {
  calls: 0,
  unpricedCalls: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheWriteTokens: 0,
  cacheWrite1hTokens: 0,
  cacheReadTokens: 0,
  reasoningTokens: 0,
  pages: 0,
  costUsd: '0.000000000',
  cost: EMPTY_COST,
  cacheReadShare: 0,
};

/** Computes the headline figures of a window's totals, exactly. */
export function headlineFigures(totals: UsageTotals): HeadlineFigures {
  const pricedCalls = BigInt(totals.calls - totals.unpricedCalls);
  const cost = parseUsd(totals.costUsd);

  return {
    costUsd: formatUsd(cost),
    calls: totals.calls,
    costPerCallUsd:
      pricedCalls > 0n ? formatUsd(divRoundHalfEven(cost, pricedCalls)) : null,
    cacheReadShare: totals.cacheReadShare,
    outputTokensPerCall: perCall(totals.outputTokens, totals.calls),
    unpricedCalls: totals.unpricedCalls,
  };
}

/** Compares every headline figure with the previous window's. */
export function compareFigures(
  current: HeadlineFigures,
  previous: HeadlineFigures,
): Record<keyof HeadlineFigures, FigureChange> {
  return {
    costUsd: usdChange(current.costUsd, previous.costUsd),
    calls: countChange(current.calls, previous.calls),
    costPerCallUsd: usdChange(current.costPerCallUsd, previous.costPerCallUsd),
    cacheReadShare: {
      delta: round(current.cacheReadShare - previous.cacheReadShare, 4),
      percent: null,
    },
    outputTokensPerCall: countChange(
      current.outputTokensPerCall,
      previous.outputTokensPerCall,
    ),
    unpricedCalls: countChange(current.unpricedCalls, previous.unpricedCalls),
  };
}

/** `part / total` from nano-USD, 6 decimals; 0 when the total is 0. */
export function shareOf(part: bigint, total: bigint): number {
  if (total <= 0n) return 0;

  return Number(divRoundHalfEven(part * 1_000_000n, total)) / 1_000_000;
}

/** A count per call with 1 decimal; null without calls. */
export function perCall(count: number, calls: number): number | null {
  if (calls === 0) return null;

  return Number(divRoundHalfEven(BigInt(count) * 10n, BigInt(calls))) / 10;
}

/** Percent change of exact integers, 1 decimal; null from 0. */
export function percentChange(current: bigint, previous: bigint) {
  if (previous === 0n) return null;

  return Number(divRoundHalfEven((current - previous) * 1000n, previous)) / 10;
}

function usdChange(current: string | null, previous: string | null) {
  if (current === null || previous === null) {
    return { delta: null, percent: null };
  }

  const now = parseUsd(current);
  const before = parseUsd(previous);

  return {
    delta: formatUsd(now - before),
    percent: percentChange(now, before),
  };
}

function countChange(current: number | null, previous: number | null) {
  if (current === null || previous === null) {
    return { delta: null, percent: null };
  }

  const scaledNow = BigInt(Math.round(current * 10));
  const scaledBefore = BigInt(Math.round(previous * 10));

  return {
    delta: round(current - previous, 1),
    percent: percentChange(scaledNow, scaledBefore),
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;

  return Math.round(value * factor) / factor;
}
