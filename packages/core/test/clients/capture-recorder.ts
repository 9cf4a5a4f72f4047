import { expect } from 'vitest';
import { currentUsageContext } from '../../src/context.js';
import type { UsageEvent } from '../../src/schema.js';
import type { UsageSink } from '../../src/store.js';
import { createTracker } from '../../src/tracker/index.js';
import type {
  RecordCallInput,
  RecordNormalizedInput,
  UsageRecorder,
} from '../../src/tracker/types.js';

/** A recorded input and the usage context it was recorded in. */
export type Captured = (
  | ({ kind: 'raw' } & RecordCallInput)
  | ({ kind: 'normalized' } & RecordNormalizedInput)
) & { contextUserId: string | undefined };

/**
 * A recorder that keeps what it is given, for assertions, and hands it on
 * to `forward` (a real tracker) when given one.
 */
export function captureRecorder(
  forward?: UsageRecorder,
): UsageRecorder & { calls: Captured[] } {
  const calls: Captured[] = [];
  const contextUserId = () => currentUsageContext()?.userId;

  return {
    calls,
    record(input) {
      calls.push({ kind: 'raw', ...input, contextUserId: contextUserId() });
      forward?.record(input);
    },
    recordNormalized(input) {
      calls.push({
        kind: 'normalized',
        ...input,
        contextUserId: contextUserId(),
      });
      forward?.recordNormalized(input);
    },
  };
}

/** A real tracker writing to an in-memory store. */
export function memoryTracker() {
  const events: UsageEvent[] = [];
  const store: UsageSink = {
    async insertEvents(batch) {
      events.push(...batch);
      return { inserted: batch.length, duplicates: 0 };
    },
  };
  const errors: unknown[] = [];
  const tracker = createTracker({
    store,
    spoolPath: false,
    flushIntervalMs: 60_000,
    onError: (error) => errors.push(error),
  });

  return { tracker, events, errors };
}

/**
 * A capture recorder in front of a real tracker. `stored()` shuts the
 * tracker down, checks it reported no error, and returns the stored events.
 */
export function trackedRecorder() {
  const { tracker, events, errors } = memoryTracker();
  const recorder = captureRecorder(tracker);

  return {
    recorder,
    async stored(): Promise<UsageEvent[]> {
      await tracker.shutdown();
      expect(errors).toEqual([]);
      return events;
    },
  };
}

/** The fields of a stored event the client tests compare exactly. */
export function storedSummary(event: UsageEvent) {
  return {
    provider: event.provider,
    model: event.model,
    usage: event.usage,
    streamed: event.streamed,
    incomplete: event.incomplete,
    status: event.status,
    attempt: event.attempt,
    requestId: event.requestId,
    userId: event.userId,
  };
}

/** Matches a latency: a whole, non-negative number of milliseconds. */
export const anyLatency = {
  asymmetricMatch: (value: unknown) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0,
  toString: () => 'a non-negative integer',
  toAsymmetricMatcher: () => 'a non-negative integer',
};
