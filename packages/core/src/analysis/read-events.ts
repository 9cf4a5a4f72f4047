import type { UsageEvent } from '../schema.js';
import type { UsageFilter, UsageStore } from '../store.js';

/** Default cap on the events one analysis reads. */
export const DEFAULT_MAX_EVENTS = 200_000;

/** Events per page when reading them. */
const PAGE_SIZE = 1_000;

/** Options of {@link readEvents}. */
export interface ReadEventsOptions {
  /** Stop after this many events. Default 200,000. */
  maxEvents?: number;
}

/** Events read for an analysis, newest first, and whether the cap cut them. */
export interface EventScan {
  events: UsageEvent[];
  /** True when more events matched than `maxEvents`: the oldest are missing. */
  capped: boolean;
}

/**
 * Reads the events that match `filter` with the store's keyset cursor, page
 * by page, newest first, up to `maxEvents`.
 *
 * @example
 * ```ts
 * const { events, capped } = await readEvents(store, { endpoint: 'POST /chat' });
 * ```
 */
export async function readEvents(
  store: UsageStore,
  filter: UsageFilter,
  options: ReadEventsOptions = {},
): Promise<EventScan> {
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const events: UsageEvent[] = [];
  let cursor: string | null = null;

  do {
    const limit = Math.min(PAGE_SIZE, maxEvents - events.length);
    const page = await store.events({
      filter,
      limit: Math.max(limit, 1),
      ...(cursor ? { cursor } : {}),
    });
    events.push(...page.events.slice(0, Math.max(limit, 0)));
    cursor = page.nextCursor;
  } while (cursor && events.length < maxEvents);

  return { events, capped: cursor !== null };
}
