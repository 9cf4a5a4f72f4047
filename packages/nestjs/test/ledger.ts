import {
  createCatalog,
  createTracker,
  type Tracker,
  type UsageEvent,
} from '@tokenledger/core';
import { vi } from 'vitest';

/** What the tests check of a stored event. */
export interface StoredCall {
  requestId: string | null;
  userId: string;
  endpoint: string;
  tags: Record<string, string>;
}

// A made-up price so that every cost can be checked by hand: 2 USD per
// million input tokens, 8 USD per million output tokens, for the model of
// recordCall() (10 input and 5 output tokens: 0.000060000 USD a call).
const catalog = createCatalog([
  {
    provider: 'openai',
    model: 'gpt-4o-mini',
    effectiveFrom: '2026-01-01',
    prices: { input: '2', output: '8' },
    source: { url: 'https://example.com/test-price', checked: '2026-01-01' },
  },
]);

/**
 * The real batching tracker writing to memory, with helpers that flush it
 * and read back what was stored. Only an explicit flush writes.
 */
export class TestLedger {
  readonly events: UsageEvent[] = [];
  readonly tracker: Tracker = createTracker({
    store: {
      insertEvents: async (batch) => {
        this.events.push(...batch);
        return { inserted: batch.length, duplicates: 0 };
      },
    },
    catalog,
    spoolPath: false,
    flushIntervalMs: 600_000,
  });

  /** Flushes the tracker and returns every stored call, in record order. */
  async calls(): Promise<StoredCall[]> {
    await this.tracker.flush();

    return this.events.map((event) => ({
      requestId: event.requestId,
      userId: event.userId,
      endpoint: event.endpoint,
      tags: event.tags,
    }));
  }

  async byRequest(requestId: string): Promise<StoredCall[]> {
    const calls = await this.calls();

    return calls.filter((call) => call.requestId === requestId);
  }

  /** Resolves once `count` calls were recorded (not yet stored). */
  async waitFor(count: number): Promise<void> {
    await vi.waitFor(() => {
      const { recorded } = this.tracker.stats();
      if (recorded < count) throw new Error(`${recorded}/${count} recorded`);
    });
  }
}
