import {
  currentUsageContext,
  type RecordCallInput,
  type RecordNormalizedInput,
  type UsageRecorder,
} from '@tokenledger/core';

/** What the capture recorder saw for one call. */
export interface CapturedCall {
  requestId: string | undefined;
  userId: string | undefined;
  endpoint: string | undefined;
  tags: Record<string, string>;
}

/**
 * A recorder that keeps the usage context in force when each call is
 * recorded, the way the real tracker reads it, without pricing or storage.
 */
export class CaptureRecorder implements UsageRecorder {
  readonly calls: CapturedCall[] = [];
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
export function recordCall(recorder: UsageRecorder, requestId: string): void {
  recorder.record({
    provider: 'openai',
    model: 'gpt-4o-mini',
    shape: 'openai.chat',
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    requestId,
  });
}
