import {
  currentUsageContext,
  type RecordCallInput,
  type RecordNormalizedInput,
} from '@tokenledger/core';
import type { Tracker } from '../src/index.js';

/** What the capture tracker saw for one call. */
export interface CapturedCall {
  requestId: string | undefined;
  userId: string | undefined;
  endpoint: string | undefined;
  tags: Record<string, string>;
}

/**
 * A tracker that keeps the usage context in force when each call is
 * recorded, the way the real tracker reads it, and counts flushes.
 */
export class CaptureTracker implements Tracker {
  readonly calls: CapturedCall[] = [];
  flushes = 0;
  shutdowns = 0;
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  record(input: RecordCallInput): void {
    const context = currentUsageContext();
    this.calls.push({
      requestId: input.requestId,
      userId: context?.userId,
      endpoint: context?.endpoint,
      tags: context?.tags ?? {},
    });

    this.wake();
  }

  recordNormalized(input: RecordNormalizedInput): void {
    this.record({ ...input, shape: 'openai.chat' });
  }

  async flush(): Promise<boolean> {
    this.flushes += 1;
    return true;
  }

  async shutdown(): Promise<void> {
    this.shutdowns += 1;
  }

  /** Resolves once `count` calls were recorded. */
  waitFor(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ count, resolve });
      this.wake();
    });
  }

  byRequest(requestId: string): CapturedCall[] {
    return this.calls.filter((call) => call.requestId === requestId);
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => this.calls.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.calls.length < w.count);
    for (const waiter of ready) waiter.resolve();
  }
}

/** Records one fake OpenAI chat call tagged with `requestId`. */
export function recordCall(tracker: Tracker, requestId: string): void {
  tracker.record({
    provider: 'openai',
    model: 'gpt-4o-mini',
    shape: 'openai.chat',
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    requestId,
  });
}
