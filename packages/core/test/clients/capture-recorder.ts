import { expect } from 'vitest';
import { currentUsageContext, withUsageContext } from '../../src/context.js';
import {
  type TokenUsage,
  tokenUsage,
  type UsageEvent,
} from '../../src/schema.js';
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

/**
 * The prefix fields of a recorded input whose cacheable prefix is
 * `tokens` long: the hash is any 32 hex digits, the count exact.
 *
 * @example
 * expect(recorder.calls[0]).toMatchObject(prefixOf(1007));
 */
export function prefixOf(tokens: number) {
  return {
    prefixHash: expect.stringMatching(/^[0-9a-f]{32}$/),
    prefixTokens: tokens,
  };
}

/**
 * The named fields of each recorded input, for a test about only those.
 *
 * @example
 * expect(fieldsOf(recorder.calls, ['status', 'attempt'])).toEqual([
 *   { status: 'error', attempt: 1 },
 *   { status: 'ok', attempt: 2 },
 * ]);
 */
export function fieldsOf<K extends keyof Captured>(
  calls: readonly Captured[],
  keys: readonly K[],
): Pick<Captured, K>[] {
  return calls.map((call) => {
    const picked = {} as Pick<Captured, K>;
    for (const key of keys) picked[key] = call[key];
    return picked;
  });
}

/** The user id `inScope` runs its calls as. */
export const SCOPE_USER_ID = 'u_42';

/**
 * Runs `fn` in a usage context for user `'u_42'`.
 *
 * @example
 * await inScope(() => client.messages.create(params));
 * expect(recorder.calls[0]?.contextUserId).toBe('u_42');
 */
export const inScope = <T>(fn: () => Promise<T>): Promise<T> =>
  withUsageContext({ userId: SCOPE_USER_ID }, fn);

/** What a test states about the call it made, in a recorded input. */
export interface RecordedOutcome {
  usage: unknown;
  streamed: boolean;
  incomplete: boolean;
  status: string;
  contextUserId: string | undefined;
  [field: string]: unknown;
}

/**
 * A builder of the recorded inputs one client's tests expect: `shared`
 * holds what that client's calls have in common (provider and shape, and
 * the request id where every call has the same), the outcome what the
 * test is about. Every input is stamped with a timestamp and a latency and
 * is a first attempt unless the outcome says otherwise. The result is the
 * whole input: compare it with `toEqual`.
 *
 * @example
 * const recorded = recordedInputs({
 *   provider: 'mistral',
 *   shape: 'mistral.chat',
 * });
 * expect(recorder.calls).toEqual([
 *   recorded({
 *     kind: 'raw',
 *     model: 'mistral-small-latest',
 *     usage: { prompt_tokens: 16, completion_tokens: 34, total_tokens: 50 },
 *     streamed: false,
 *     incomplete: false,
 *     status: 'ok',
 *     contextUserId: undefined,
 *   }),
 * ]);
 */
export function recordedInputs(shared: Record<string, unknown>) {
  return (outcome: RecordedOutcome) => ({
    timestamp: expect.any(Date),
    latencyMs: anyLatency,
    attempt: 1,
    ...shared,
    ...outcome,
  });
}

/**
 * A builder of the `storedSummary` a client's tests expect for a call made
 * in `inScope`: `shared` names the provider, model and request id; `fields`
 * what differs from a complete, successful, streamed first attempt.
 *
 * @example
 * const storedEvent = storedEvents({
 *   provider: 'mistral',
 *   model: 'mistral-small-latest',
 *   requestId: 'cmpl-1',
 * });
 * expect((await stored()).map(storedSummary)).toEqual([
 *   storedEvent(tokenUsage({ outputTokens: 2 }), { status: 'error' }),
 * ]);
 */
export function storedEvents(shared: {
  provider: string;
  model: string;
  requestId: string;
}) {
  return (
    usage: TokenUsage,
    fields: Partial<ReturnType<typeof storedSummary>>,
  ) => ({
    ...shared,
    usage,
    streamed: true,
    incomplete: false,
    status: 'ok',
    attempt: 1,
    userId: SCOPE_USER_ID,
    ...fields,
  });
}

/**
 * The outcome fields of a streamed call that did not run to its end, for
 * `recordedInputs` and `storedEvents`.
 *
 * @example
 * recorded({ kind: 'raw', usage, ...incompleteStream('aborted'), contextUserId });
 */
export function incompleteStream(status: 'ok' | 'aborted' | 'error') {
  return { streamed: true, incomplete: true, status } as const;
}

/** A test's recorder and its tracker's `stored`, as `trackedRecorder` gives. */
export interface TrackedCalls {
  recorder: { calls: readonly Captured[] };
  stored: () => Promise<UsageEvent[]>;
}

/**
 * Checks the test made one call, recorded as `input` and stored (by
 * `storedSummary`) as `event`; shuts the tracker down through `stored`.
 *
 * @example
 * await expectOneCall({ recorder, stored }, recorded({ ... }), storedEvent(usage, {}));
 */
export async function expectOneCall(
  tracked: TrackedCalls,
  input: unknown,
  event: unknown,
): Promise<void> {
  expect(tracked.recorder.calls).toEqual([input]);
  expect((await tracked.stored()).map(storedSummary)).toEqual([event]);
}

/**
 * The outcome fields of a call that failed before any usage came: no
 * tokens, complete, status `'error'`; for `recordedInputs`.
 *
 * @example
 * recorded({ kind: 'normalized', model, ...failedBeforeUsage({ streamed: true }), contextUserId });
 */
export function failedBeforeUsage({ streamed }: { streamed: boolean }) {
  return {
    usage: tokenUsage(),
    streamed,
    incomplete: false,
    status: 'error',
  } as const;
}

/** The builders of one client's expectations: `recordedInputs`, `storedEvents`. */
export interface ClientExpectations {
  recorded: ReturnType<typeof recordedInputs>;
  storedEvent: ReturnType<typeof storedEvents>;
}

/**
 * Checks the one call, made in `inScope`, failed before any usage came:
 * recorded as `failedBeforeUsage` plus `input`, stored with no tokens
 * plus `stored`.
 *
 * @example
 * await expectFailedCall({ recorder, stored }, { recorded, storedEvent }, {
 *   streamed: true,
 *   input: { model: 'mistral-small-latest' },
 * });
 */
export function expectFailedCall(
  tracked: TrackedCalls,
  { recorded, storedEvent }: ClientExpectations,
  call: {
    streamed: boolean;
    input: Record<string, unknown>;
    stored?: Partial<ReturnType<typeof storedSummary>>;
  },
): Promise<void> {
  const { streamed } = call;
  return expectOneCall(
    tracked,
    recorded({
      kind: 'normalized',
      ...failedBeforeUsage({ streamed }),
      contextUserId: SCOPE_USER_ID,
      ...call.input,
    }),
    storedEvent(tokenUsage(), { streamed, status: 'error', ...call.stored }),
  );
}
