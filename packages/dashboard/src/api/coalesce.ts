import type { UsageStore } from '@tokenledger/core';

/**
 * Wraps a store so that identical `query` and `timeSeries` calls made while
 * one is in flight share its answer. A page view asks for the range's totals
 * once per table; this makes that one store query. Nothing is kept after the
 * answer arrives, so no view is ever stale.
 */
export function coalescing(store: UsageStore): UsageStore {
  const inFlight = new Map<string, Promise<unknown>>();

  const shared = <T>(kind: string, query: unknown, run: () => Promise<T>) => {
    const key = `${kind}:${JSON.stringify(query)}`;
    const running = inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;

    const started = run().finally(() => inFlight.delete(key));
    inFlight.set(key, started);

    return started;
  };

  return {
    query: (query) => shared('query', query, () => store.query(query)),
    timeSeries: (query) =>
      shared('timeSeries', query, () => store.timeSeries(query)),
    events: (query) => store.events(query),
    facets: (query) => store.facets(query),
    insertEvents: (events) => store.insertEvents(events),
    prune: (options) => store.prune(options),
    close: () => store.close(),
  };
}
