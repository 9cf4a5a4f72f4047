import { parseUsd } from '../../money.js';
import type { PriceCatalog, PriceEntry } from '../../pricing/types.js';
import type { CacheCall } from '../../store.js';

/** List prices of one call in nano-USD per million tokens, and cache rules. */
export interface CallPrices {
  input: bigint;
  cacheRead: bigint | null;
  cacheWrite: bigint | null;
  minCacheableTokens: number | null;
  /** The default cache lifetime, ms (5 minutes when the catalog has none). */
  ttlMs: number;
}

const DEFAULT_TTL_MS = 300_000;

/**
 * The catalog entry in force for a call, as nano-USD per million tokens.
 * Memoised per price id, so a scan of many calls looks each entry up once.
 */
export function pricesLookup(
  catalog: PriceCatalog,
): (call: CacheCall) => CallPrices | null {
  const byEntry = new Map<string, CallPrices | null>();

  return (call) => {
    const entry = catalog.find(
      call.provider,
      call.canonicalModel ?? call.model,
      new Date(call.timeMs),
    );
    if (!entry) return null;

    const known = byEntry.get(entry.id);
    if (known !== undefined) return known;

    const prices = toCallPrices(entry);
    byEntry.set(entry.id, prices);
    return prices;
  };
}

function toCallPrices(entry: PriceEntry): CallPrices {
  const optional = (value: string | undefined) =>
    value === undefined ? null : parseUsd(value);

  return {
    input: parseUsd(entry.prices.input),
    cacheRead: optional(entry.prices.cacheRead),
    cacheWrite: optional(entry.prices.cacheWrite),
    minCacheableTokens: entry.minCacheableTokens,
    ttlMs: (entry.cacheTtlSeconds[0] ?? DEFAULT_TTL_MS / 1000) * 1000,
  };
}

/**
 * What a call would have saved, in nano-USD per million tokens (divide by
 * 1e6 for nano-USD), had `tokens` of its prompt been read from the cache:
 * they are taken from its cache writes first, then from its uncached input.
 */
export function readSavingMicro(
  call: CacheCall,
  tokens: number,
  prices: CallPrices,
): bigint {
  if (prices.cacheRead === null || tokens <= 0) return 0n;

  const written = call.cacheWriteTokens + call.cacheWrite1hTokens;
  const fromWrite = Math.min(tokens, written);
  const fromInput = Math.min(tokens - fromWrite, call.inputTokens);
  const writePrice = prices.cacheWrite ?? prices.input;

  return (
    BigInt(fromWrite) * positive(writePrice - prices.cacheRead) +
    BigInt(fromInput) * positive(prices.input - prices.cacheRead)
  );
}

/** The premium paid for writing `tokens` that were never read, per million. */
export function writePremiumMicro(tokens: number, prices: CallPrices): bigint {
  if (prices.cacheWrite === null) return 0n;

  return BigInt(tokens) * positive(prices.cacheWrite - prices.input);
}

function positive(value: bigint): bigint {
  return value > 0n ? value : 0n;
}
