import { toTokenledgerError } from '../errors.js';
import type { UsageRecorder } from '../tracker/types.js';
import { type ApiPromiseHandlers, observeApiPromise } from './api-promise.js';
import { CallRecording } from './call-recording.js';
import { attemptFailureStatus } from './call-status.js';
import { proxyObject } from './method-proxy.js';
import { anthropicPrefix } from './prefix.js';
import { guardedCall, optionalRequestId, signalOf } from './safe-call.js';
import {
  observeIterable,
  recordingObserver,
  rewrapStainlessStream,
  type StainlessStream,
  type StreamObserver,
} from './stream-observer.js';
import type { InstrumentOptions } from './types.js';
import { isWireObject, objectAt, stringAt, type WireObject } from './wire.js';

/** The slice of an Anthropic client that gets instrumented. */
export interface AnthropicLike {
  messages: object;
}

type CreateMethod = (...args: unknown[]) => unknown;

/**
 * Records every `messages.create` call of an Anthropic client, plain or
 * streamed (`stream: true` and the `messages.stream()` helper), and every
 * succeeded result read from `messages.batches.results()`. The returned
 * client has the original's type and behaviour: responses, streams and
 * errors reach the caller unchanged, and a recording failure never does.
 *
 * Each HTTP attempt the SDK makes is seen through a per-request middleware:
 * failed attempts it retries are recorded with their `status` and
 * `attempt`, so retry amplification shows in the data.
 *
 * @see https://github.com/tokenledger/tokenledger/blob/main/docs/clients.md
 * @example
 * ```ts
 * import Anthropic from '@anthropic-ai/sdk';
 *
 * const anthropic = instrumentAnthropic(new Anthropic(), tracker);
 * const message = await anthropic.messages.create({
 *   model: 'claude-sonnet-4-5', max_tokens: 1024,
 *   messages: [{ role: 'user', content: 'Hello' }],
 * });
 * ```
 */
export function instrumentAnthropic<C extends AnthropicLike>(
  client: C,
  recorder: UsageRecorder,
  options: InstrumentOptions = {},
): C {
  const messages = (original: object) =>
    proxyObject(original, {
      methods: {
        create:
          (create) =>
          (...args) =>
            guardedCall(create, args, options, (invoke) =>
              observeCreate(invoke, args, recorder, options),
            ),
      },
      // Both helpers call `this.create()`, so they are recorded through it.
      rebound: ['stream', 'parse'],
      children: {
        batches: (batches) =>
          instrumentBatchResults(batches, recorder, options),
      },
    });

  return proxyObject(client, { children: { messages } });
}

function observeCreate(
  create: CreateMethod,
  args: unknown[],
  recorder: UsageRecorder,
  options: InstrumentOptions,
): unknown {
  const [params, requestOptions] = args;
  const callerSignal = signalOf(requestOptions);
  const streamed = isWireObject(params) && params['stream'] === true;
  const recording = new CallRecording(
    recorder,
    {
      provider: 'anthropic',
      shape: 'anthropic.messages',
      requestedModel: stringAt(params, 'model'),
      streamed,
      prefix:
        options.fingerprintPrefix === false
          ? undefined
          : anthropicPrefix(params),
      callerSignal,
    },
    options,
  );
  const withAttempts = {
    ...(isWireObject(requestOptions) ? requestOptions : {}),
    middleware: [
      ...middlewareOf(requestOptions),
      attemptMiddleware(recording, callerSignal),
    ],
  };
  const promise = create(params, withAttempts, ...args.slice(2));

  return observeApiPromise(
    promise as Parameters<typeof observeApiPromise>[0],
    messageHandlers(recording, streamed),
  );
}

function messageHandlers(
  recording: CallRecording,
  streamed: boolean,
): ApiPromiseHandlers {
  return {
    onData(data, requestId) {
      if (streamed) {
        const stream = data as StainlessStream;
        const observer = recordingObserver('anthropic.messages', recording, {
          requestId,
          aborted: () => stream.controller.signal.aborted,
        });

        return rewrapStainlessStream(stream, observer);
      }

      recording.succeed({
        usage: objectAt(data, 'usage'),
        model: stringAt(data, 'model'),
        requestId: requestId ?? stringAt(data, 'id'),
        stopReason: stringAt(data, 'stop_reason'),
      });

      return data;
    },
    onError: (error) => recording.fail(error),
  };
}

type Middleware = (
  request: { headers: Headers },
  next: (request: unknown) => Promise<Response>,
) => Promise<Response>;

// The SDK numbers its attempts in `X-Stainless-Retry-Count` (0 for the
// first); see the Middleware docs in @anthropic-ai/sdk core/middleware.d.ts.
function attemptMiddleware(
  recording: CallRecording,
  callerSignal: AbortSignal | undefined,
): Middleware {
  return async (request, next) => {
    const retries = Number(request.headers.get('x-stainless-retry-count'));
    const attempt = Number.isInteger(retries) ? retries + 1 : 1;
    recording.startAttempt(attempt);

    try {
      const response = await next(request);
      if (!response.ok) {
        const requestId = response.headers.get('request-id') ?? undefined;
        recording.failAttempt(attempt, 'error', requestId);
      }

      return response;
    } catch (error) {
      recording.failAttempt(attempt, attemptFailureStatus(error, callerSignal));
      throw error;
    }
  };
}

function instrumentBatchResults(
  batches: object,
  recorder: UsageRecorder,
  options: InstrumentOptions,
): object {
  return proxyObject(batches, {
    methods: {
      results:
        (results) =>
        async (...args) => {
          const decoder = (await results(...args)) as object;

          return observeBatchDecoder(decoder, recorder, options);
        },
    },
  });
}

function observeBatchDecoder(
  decoder: object,
  recorder: UsageRecorder,
  options: InstrumentOptions,
): object {
  const observer: StreamObserver = {
    onEvent(line) {
      const result = objectAt(line, 'result');
      const message = objectAt(result, 'message');
      if (stringAt(result, 'type') === 'succeeded' && message) {
        recordBatchMessage(message, recorder, options);
      }

      return true;
    },
    onEnd: () => undefined,
  };

  return new Proxy(decoder, {
    get(target, key) {
      if (key === Symbol.asyncIterator) {
        return () =>
          observeIterable(target as AsyncIterable<unknown>, observer);
      }

      const value: unknown = Reflect.get(target, key, target);

      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function recordBatchMessage(
  message: WireObject,
  recorder: UsageRecorder,
  options: InstrumentOptions,
): void {
  try {
    recorder.record({
      provider: 'anthropic',
      model: stringAt(message, 'model') ?? 'unknown',
      shape: 'anthropic.messages',
      usage: objectAt(message, 'usage'),
      batch: true,
      status: 'ok',
      ...optionalRequestId(stringAt(message, 'id')),
      ...(options.tags === undefined ? {} : { tags: options.tags }),
    });
  } catch (error) {
    options.onError?.(toTokenledgerError(error));
  }
}

function middlewareOf(requestOptions: unknown): readonly unknown[] {
  const middleware = isWireObject(requestOptions)
    ? requestOptions['middleware']
    : undefined;

  return Array.isArray(middleware) ? middleware : [];
}
