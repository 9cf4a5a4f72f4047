import type { EventsPage, UsageEvent, UsageStore } from '@tokenledger/core';
import type { ServedCall } from '../src/simulator/index.js';

/** Every event of the store, read page by page. */
export async function allEvents(store: UsageStore): Promise<UsageEvent[]> {
  const events: UsageEvent[] = [];
  let cursor: string | null = null;

  do {
    const page: EventsPage = await store.events({
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);

  return events;
}

/** Mean of `values` (0 for none). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;

  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** A served call and the stored event it produced. */
export interface ServedAndStored {
  call: ServedCall;
  event: UsageEvent | undefined;
}

/**
 * Pairs each served call with its event: by request id (the response header
 * or body id the instrumented client recorded), else, for Mistral OCR whose
 * response carries no id, by shape and simulated instant.
 */
export function pairServedWithStored(
  served: readonly ServedCall[],
  events: readonly UsageEvent[],
): ServedAndStored[] {
  const byKey = new Map<string, UsageEvent>();
  for (const event of events) {
    byKey.set(
      event.requestId ?? instantKey(event.shape, event.timestamp.getTime()),
      event,
    );
  }

  return served.map((call) => ({
    call,
    event:
      byKey.get(call.requestId) ??
      byKey.get(call.responseId ?? '') ??
      byKey.get(instantKey(call.shape, call.atMs)),
  }));
}

function instantKey(shape: string | null, atMs: number): string {
  return `${shape}@${atMs}`;
}
