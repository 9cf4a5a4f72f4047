import {
  type Cost,
  type PriceCatalog,
  repriceEvents,
  type UsageEvent,
} from '@tokenledger/core';

/**
 * One stored call whose price changed.
 *
 * @example
 * ```ts
 * const change: PriceChange = repricePage(page.events, catalog)[0];
 * ```
 */
export interface PriceChange {
  id: string;
  timestamp: Date;
  provider: string;
  model: string;
  before: { priced: boolean; costUsd: string | null; priceId: string | null };
  after: Cost;
  deltaUsd: string | null;
}

/**
 * Prices a page of stored events again and keeps the ones that changed
 * (total, priced flag or price id).
 *
 * @example
 * ```ts
 * const changes = repricePage((await store.events({ limit: 1000 })).events, catalog);
 * ```
 */
export function repricePage(
  events: readonly UsageEvent[],
  catalog: PriceCatalog,
): PriceChange[] {
  const byId = new Map(events.map((event) => [event.id, event]));

  return repriceEvents(events, catalog)
    .filter((result) => result.changed)
    .map((result) => {
      const event = byId.get(result.id) as UsageEvent;

      return {
        id: result.id,
        timestamp: event.timestamp,
        provider: event.provider,
        model: event.model,
        before: result.before,
        after: result.after,
        deltaUsd: result.deltaUsd,
      };
    });
}
