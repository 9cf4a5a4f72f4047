import { promptTokens } from '../../schema.js';
import type { CacheCall } from '../../store.js';
import {
  type CallPrices,
  readSavingMicro,
  writePremiumMicro,
} from './prices.js';
import type { CacheCauseCode } from './types.js';

/** The evidence of one cause: calls and savings in nano-USD per million. */
export interface CauseTally {
  count: number;
  savingMicro: bigint;
}

/** Every cause's tally for one endpoint and model. */
export type CauseTallies = Record<CacheCauseCode, CauseTally>;

interface PrefixState {
  lastSeenMs: number;
  ttlMs: number;
}

const ONE_HOUR_MS = 3_600_000;

/**
 * Sorts the calls of one endpoint and model (oldest first) into the causes
 * of cache misses. A call that did not read its whole prefix gets the first
 * cause that fits, so no saving is counted twice:
 *
 * 1. `belowMinimum`: its prefix is smaller than the model's minimum
 *    cacheable size, and nothing was cached;
 * 2. `expired`: the same prefix was seen before, longer ago than its TTL;
 * 3. `prefixChurn`: a prefix never seen, while the previous call of the
 *    endpoint was within the TTL (a stable prefix would have been warm).
 *
 * Then a cache write whose prefix is never read later, not already counted,
 * is `writesNeverRead`.
 */
export function tallyCauses(
  events: readonly CacheCall[],
  pricesOf: (event: CacheCall) => CallPrices | null,
): { tallies: CauseTally[]; byCode: CauseTallies; unfingerprinted: number } {
  const byCode: CauseTallies = {
    belowMinimum: { count: 0, savingMicro: 0n },
    expired: { count: 0, savingMicro: 0n },
    prefixChurn: { count: 0, savingMicro: 0n },
    writesNeverRead: { count: 0, savingMicro: 0n },
  };
  const prefixes = new Map<string, PrefixState>();
  const counted = new Set<CacheCall>();
  let previousMs: number | null = null;
  let unfingerprinted = 0;

  for (const event of events) {
    const prices = pricesOf(event);
    const timeMs = event.timeMs;
    if (!event.prefixHash) unfingerprinted += 1;

    const code = prices ? missCause(event, prices, prefixes, previousMs) : null;
    if (code && prices) {
      const tally = byCode[code];
      tally.count += 1;
      tally.savingMicro += missSaving(event, code, prices);
      counted.add(event);
    }

    if (event.prefixHash && prices) {
      remember(prefixes, event, prices, timeMs);
    }
    previousMs = timeMs;
  }

  tallyUnreadWrites(events, pricesOf, counted, byCode.writesNeverRead);

  return { tallies: Object.values(byCode), byCode, unfingerprinted };
}

function missCause(
  event: CacheCall,
  prices: CallPrices,
  prefixes: Map<string, PrefixState>,
  previousMs: number | null,
): CacheCauseCode | null {
  if (missedTokens(event) <= 0) return null;

  const size = event.prefixTokens ?? promptTokens(event);
  const written = event.cacheWriteTokens + event.cacheWrite1hTokens;
  const minimum = prices.minCacheableTokens;
  if (minimum !== null && size < minimum && written === 0)
    return 'belowMinimum';
  if (!event.prefixHash) return null;

  const timeMs = event.timeMs;
  const seen = prefixes.get(event.prefixHash);
  if (seen) return timeMs - seen.lastSeenMs > seen.ttlMs ? 'expired' : null;

  const warm = previousMs !== null && timeMs - previousMs <= prices.ttlMs;
  return warm ? 'prefixChurn' : null;
}

/**
 * Prefix tokens not read from the cache (its cache writes when the prefix
 * size is unknown). The size is an estimate (4 characters a token), so a
 * shortfall under 5% of it is not a miss.
 */
function missedTokens(event: CacheCall): number {
  const { cacheReadTokens, cacheWriteTokens, cacheWrite1hTokens } = event;
  if (event.prefixTokens === null) return cacheWriteTokens + cacheWrite1hTokens;

  const missed = event.prefixTokens - cacheReadTokens;
  return missed * 20 > event.prefixTokens ? missed : 0;
}

function missSaving(
  event: CacheCall,
  code: CacheCauseCode,
  prices: CallPrices,
): bigint {
  if (code !== 'belowMinimum') {
    return readSavingMicro(event, missedTokens(event), prices);
  }

  // padded to the minimum, the prefix would be read: the padding is paid
  // at the read price on top
  const size = event.prefixTokens ?? promptTokens(event);
  const padding = BigInt((prices.minCacheableTokens ?? size) - size);
  const saving =
    readSavingMicro(event, size, prices) - padding * (prices.cacheRead ?? 0n);

  return saving > 0n ? saving : 0n;
}

function remember(
  prefixes: Map<string, PrefixState>,
  event: CacheCall,
  prices: CallPrices,
  timeMs: number,
): void {
  const hash = event.prefixHash as string;
  const { cacheWriteTokens, cacheWrite1hTokens } = event;
  const known = prefixes.get(hash);
  // the whole prefix lives as long as its last breakpoint: a 5-minute write
  // means the tail has the short TTL
  let ttlMs = known?.ttlMs ?? prices.ttlMs;
  if (cacheWriteTokens > 0) ttlMs = prices.ttlMs;
  else if (cacheWrite1hTokens > 0) ttlMs = Math.max(ONE_HOUR_MS, prices.ttlMs);

  prefixes.set(hash, { lastSeenMs: timeMs, ttlMs });
}

function tallyUnreadWrites(
  events: readonly CacheCall[],
  pricesOf: (event: CacheCall) => CallPrices | null,
  counted: ReadonlySet<CacheCall>,
  tally: CauseTally,
): void {
  const readLater = new Set<string>();

  for (let index = events.length - 1; index >= 0; index -= 1) {
    const event = events[index] as CacheCall;
    const hash = event.prefixHash;
    if (!hash) continue;

    const written = event.cacheWriteTokens + event.cacheWrite1hTokens;
    const prices = pricesOf(event);
    if (written > 0 && !readLater.has(hash) && !counted.has(event) && prices) {
      tally.count += 1;
      tally.savingMicro += writePremiumMicro(written, prices);
    }
    if (event.cacheReadTokens > 0) readLater.add(hash);
  }
}
