import type { UsageEvent } from '../../schema.js';
import type {
  CacheCall,
  CacheCallsPage,
  UsageFilter,
  UsageStore,
} from '../../store.js';

/** Calls per `cacheCalls` page; events per `events` page (its maximum). */
const PAGE_SIZE = { calls: 50_000, events: 1_000 };

/** Calls read for a diagnosis, newest first, and whether the cap cut them. */
export interface CallScan {
  calls: CacheCall[];
  /** True when more calls matched than were read: the oldest are missing. */
  capped: boolean;
}

/**
 * The fields of an event the cache diagnosis reads.
 *
 * @example
 * ```ts
 * const call = cacheCallOf(event); // { timeMs: 1793610000000, prefixHash: 'a1b2', ... }
 * ```
 */
export function cacheCallOf(event: UsageEvent): CacheCall {
  return {
    timeMs: event.timestamp.getTime(),
    provider: event.provider,
    model: event.model,
    canonicalModel: event.canonicalModel,
    endpoint: event.endpoint,
    priced: event.priced,
    prefixHash: event.prefixHash,
    prefixTokens: event.prefixTokens,
    inputTokens: event.usage.inputTokens,
    cacheReadTokens: event.usage.cacheReadTokens,
    cacheWriteTokens: event.usage.cacheWriteTokens,
    cacheWrite1hTokens: event.usage.cacheWrite1hTokens,
  };
}

/**
 * Reads the newest `maxCalls` calls that match `filter`, page by page:
 * with the store's `cacheCalls` when it has one, else with `events`
 * (whole events, narrowed here).
 *
 * @example
 * ```ts
 * const { calls, capped } = await readCacheCalls(store, { endpoint: 'POST /chat' }, 5_000);
 * ```
 */
export async function readCacheCalls(
  store: UsageStore,
  filter: UsageFilter,
  maxCalls: number,
): Promise<CallScan> {
  const calls: CacheCall[] = [];
  let cursor: string | null = null;

  do {
    const page = await readPage(store, filter, maxCalls - calls.length, cursor);
    for (const call of page.calls) calls.push(call);
    cursor = page.nextCursor;
  } while (cursor && calls.length < maxCalls);

  return { calls, capped: cursor !== null };
}

function readPage(
  store: UsageStore,
  filter: UsageFilter,
  wanted: number,
  cursor: string | null,
): Promise<CacheCallsPage> {
  const from = cursor ? { cursor } : {};
  if (store.cacheCalls) {
    const limit = Math.max(1, Math.min(PAGE_SIZE.calls, wanted));
    return store.cacheCalls({ filter, limit, ...from });
  }

  const limit = Math.max(1, Math.min(PAGE_SIZE.events, wanted));
  return store.events({ filter, limit, ...from }).then((page) => ({
    calls: page.events.map(cacheCallOf),
    nextCursor: page.nextCursor,
  }));
}

/**
 * Splits `budget` calls between endpoints so that each gets an equal share
 * and a share one does not need goes to the others (water filling): an
 * endpoint with fewer calls than its share is read whole. Every endpoint
 * gets at least one call.
 *
 * @example
 * ```ts
 * shareBudget(new Map([['a', 10], ['b', 500], ['c', 900]]), 310);
 * // Map { 'a' => 10, 'b' => 150, 'c' => 150 }
 * ```
 */
export function shareBudget(
  callsByEndpoint: ReadonlyMap<string, number>,
  budget: number,
): Map<string, number> {
  const smallestFirst = [...callsByEndpoint].sort((a, b) => a[1] - b[1]);
  const shares = new Map<string, number>();
  let left = budget;

  smallestFirst.forEach(([endpoint, calls], index) => {
    const fair = Math.floor(left / (smallestFirst.length - index));
    const share = Math.max(1, Math.min(calls, fair));
    shares.set(endpoint, share);
    left -= share;
  });

  return shares;
}
