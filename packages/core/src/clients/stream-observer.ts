import { TokenledgerError } from '../errors.js';
import type { ApiShape } from '../schema.js';
import type { CallRecording } from './call-recording.js';
import { createStreamAccumulator } from './stream-accumulator.js';
import { isWireObject } from './wire.js';

/**
 * Watches one stream as the caller reads it. `onEvent` returns whether the
 * event is passed on to the caller; `onEnd` runs once, with `completed`
 * false when the caller stopped early and `error` when the stream broke.
 */
export interface StreamObserver {
  onEvent(event: unknown): boolean;
  onEnd(completed: boolean, error?: unknown): void;
}

/** Options of {@link recordingObserver}. */
export interface RecordingObserverOptions {
  /** Events read for usage but hidden from the caller. */
  hide?: (event: unknown) => boolean;
  /**
   * Whether the stream was aborted. The Anthropic and OpenAI SDKs end a
   * stream quietly when its controller aborts, so the end looks normal.
   */
  aborted?: () => boolean;
  /** The request id from the response headers; wins over the body's id. */
  requestId?: string | undefined;
}

/**
 * A {@link StreamObserver} that accumulates the stream's usage and records
 * the call once, when the stream ends, breaks, or is abandoned.
 *
 * @example
 * ```ts
 * const observer = recordingObserver('anthropic.messages', recording);
 * ```
 */
export function recordingObserver(
  shape: ApiShape,
  recording: CallRecording,
  options: RecordingObserverOptions = {},
): StreamObserver {
  const accumulator = createStreamAccumulator(shape);

  return {
    onEvent(event) {
      accumulator.push(event);

      return !options.hide?.(event);
    },
    onEnd(ended, error) {
      const completed = ended && !options.aborted?.();
      const summary = accumulator.summary();
      const outcome = {
        usage: completed
          ? summary.usage
          : atLeastContentEvents(shape, summary.usage, summary.contentEvents),
        model: summary.model,
        requestId: options.requestId ?? summary.responseId,
        stopReason: summary.stopReason,
        // A stream that ended without usage (an API version without
        // `include_usage`) holds estimates only: flag it like a cut one.
        incomplete: !completed || summary.usage === undefined,
        contentEvents: summary.contentEvents,
      };

      // A failure the SDK passed on as an event counts like a thrown one.
      const failure = error ?? summary.error;

      if (failure !== undefined) recording.fail(failure, outcome);
      else if (completed) recording.succeed(outcome);
      else recording.succeed({ ...outcome, status: 'aborted' });
    },
  };
}

/**
 * The usage of a stream cut short, as far as it is known. An Anthropic
 * stream cut before `message_delta` still holds the `output_tokens` of
 * `message_start` (usually 1): each content delta carries at least one
 * token, so that count is the better lower bound. Other shapes' usage is
 * returned as it is.
 *
 * @example
 * ```ts
 * atLeastContentEvents('anthropic.messages', { input_tokens: 472, output_tokens: 2 }, 3);
 * // { input_tokens: 472, output_tokens: 3 }
 * ```
 */
export function atLeastContentEvents(
  shape: ApiShape,
  usage: Record<string, unknown> | undefined,
  contentEvents: number,
): Record<string, unknown> | undefined {
  if (shape !== 'anthropic.messages' || !isWireObject(usage)) return usage;

  const reported = usage['output_tokens'];
  const outputTokens = Math.max(
    typeof reported === 'number' ? reported : 0,
    contentEvents,
  );

  return { ...usage, output_tokens: outputTokens };
}

/**
 * Re-yields `source`, showing each event to `observer` first. Breaking out
 * of the loop returns the source (so the SDK aborts the request) and ends
 * the observer as incomplete. Nothing is buffered.
 *
 * @example
 * ```ts
 * for await (const event of observeIterable(stream, observer)) render(event);
 * ```
 */
export async function* observeIterable<T>(
  source: AsyncIterable<T>,
  observer: StreamObserver,
): AsyncGenerator<T, void, undefined> {
  let completed = false;
  let failure: { error: unknown } | undefined;

  try {
    for await (const event of source) {
      if (observer.onEvent(event)) yield event;
    }
    completed = true;
  } catch (error) {
    failure = { error };
    throw error;
  } finally {
    observer.onEnd(completed, failure?.error);
  }
}

/** The `Stream` class of the Anthropic and OpenAI SDKs, duck-typed. */
export interface StainlessStream {
  controller: AbortController;
  [Symbol.asyncIterator](): AsyncIterator<unknown>;
}

/**
 * A new instance of an Anthropic or OpenAI SDK `Stream` class reading
 * through `observer`, so the caller keeps every method of the original
 * (`tee`, `toReadableStream`, `controller`).
 */
export function rewrapStainlessStream<S extends StainlessStream>(
  stream: S,
  observer: StreamObserver,
): S {
  if (
    typeof stream?.[Symbol.asyncIterator] !== 'function' ||
    !(stream.controller instanceof AbortController)
  ) {
    throw new TokenledgerError(
      'INTERNAL',
      'Expected the SDK to return a Stream (async iterable with a controller) for a streamed request; the response was passed on unrecorded. Please report the SDK and its version.',
    );
  }

  const StreamClass = stream.constructor as new (
    iterator: () => AsyncIterator<unknown>,
    controller: AbortController,
  ) => S;

  return new StreamClass(
    () => observeIterable(stream as AsyncIterable<unknown>, observer),
    stream.controller,
  );
}

/**
 * A `ReadableStream` reading `stream` through `observer`, with the same
 * prototype (the Mistral SDK's `EventStream`). Its high-water mark is 0, so
 * an event is read only when the caller asks for it.
 */
export function rewrapReadableStream<S extends ReadableStream<unknown>>(
  stream: S,
  observer: StreamObserver,
): S {
  const reader = stream.getReader();
  const wrapped = new ReadableStream<unknown>(
    {
      pull: (controller) => pullObserved(reader, controller, observer),
      async cancel(reason) {
        observer.onEnd(false);
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );

  Object.setPrototypeOf(wrapped, Object.getPrototypeOf(stream));

  return wrapped as S;
}

async function pullObserved(
  reader: ReadableStreamDefaultReader<unknown>,
  controller: ReadableStreamDefaultController<unknown>,
  observer: StreamObserver,
): Promise<void> {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        observer.onEnd(true);
        controller.close();
        return;
      }
      if (observer.onEvent(value)) {
        controller.enqueue(value);
        return;
      }
    }
  } catch (error) {
    observer.onEnd(false, error);
    controller.error(error);
  }
}
