import { toTokenledgerError } from '../errors.js';
import type { UsageRecorder } from '../tracker/types.js';
import { proxyObject } from './method-proxy.js';
import { anthropicPrefix } from './prefix.js';
import { guardedCall, optionalRequestId } from './safe-call.js';
import { type CreateEndpoint, observeCreate } from './stainless-create.js';
import { observeIterable, type StreamObserver } from './stream-observer.js';
import type { InstrumentOptions } from './types.js';
import { objectAt, stringAt, type WireObject } from './wire.js';

/**
 * The slice of an Anthropic client that gets instrumented; any
 * `@anthropic-ai/sdk` client (`Anthropic`, `AnthropicBedrock`,
 * `AnthropicVertex`) has it.
 *
 * @example
 * ```ts
 * const client: AnthropicLike = new Anthropic();
 * ```
 */
export interface AnthropicLike {
  messages: object;
}

/**
 * Records every `messages.create` call of an Anthropic client, plain or
 * streamed (`stream: true` and the `messages.stream()` helper), and every
 * succeeded result read from `messages.batches.results()`; the same for
 * `beta.messages`. The returned
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
              observeCreate(invoke, args, messagesEndpoint, recorder, options),
            ),
      },
      // Both helpers call `this.create()`, so they are recorded through it.
      rebound: ['stream', 'parse'],
      children: {
        batches: (batches) =>
          instrumentBatchResults(batches, recorder, options),
      },
    });

  return proxyObject(client, {
    children: {
      messages,
      beta: (beta) => proxyObject(beta, { children: { messages } }),
    },
  });
}

const messagesEndpoint: CreateEndpoint = {
  provider: 'anthropic',
  shape: 'anthropic.messages',
  prefix: anthropicPrefix,
  observeAttempts: 'middleware',
  outcome: (message, requestId) => ({
    usage: objectAt(message, 'usage'),
    model: stringAt(message, 'model'),
    requestId: requestId ?? stringAt(message, 'id'),
    stopReason: stringAt(message, 'stop_reason'),
  }),
};

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
