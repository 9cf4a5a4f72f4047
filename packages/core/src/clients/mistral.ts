import type { UsageRecorder } from '../tracker/types.js';
import { proxyObject } from './method-proxy.js';
import { chatPrefix } from './prefix.js';
import { observePromiseCall, type PromiseEndpoint } from './promise-call.js';
import { guardedCall } from './safe-call.js';
import { toSnakeCaseKeys } from './stream-accumulator.js';
import { rewrapReadableStream } from './stream-observer.js';
import type { InstrumentOptions } from './types.js';
import { arrayAt, isWireObject, objectAt, stringAt } from './wire.js';

/**
 * The slice of a Mistral client that gets instrumented.
 *
 * @example
 * ```ts
 * const client: MistralLike = new Mistral({ apiKey });
 * ```
 */
export interface MistralLike {
  chat: object;
  ocr: object;
}

const completeEndpoint: PromiseEndpoint = {
  provider: 'mistral',
  shape: 'mistral.chat',
  signal: mistralSignal,
  prefix: chatPrefix,
  outcome: (response) => {
    const usage = objectAt(response, 'usage');

    return {
      usage: usage && toSnakeCaseKeys(usage),
      model: stringAt(response, 'model'),
      requestId: stringAt(response, 'id'),
      stopReason: stringAt(arrayAt(response, 'choices')[0], 'finishReason'),
    };
  },
};

const streamEndpoint: PromiseEndpoint = {
  provider: 'mistral',
  shape: 'mistral.chat',
  signal: mistralSignal,
  prefix: chatPrefix,
  rewrapStream: (stream, observer) =>
    rewrapReadableStream(stream as ReadableStream<unknown>, observer),
};

const ocrEndpoint: PromiseEndpoint = {
  provider: 'mistral',
  shape: 'mistral.ocr',
  signal: mistralSignal,
  outcome: (response) => ({
    usage: objectAt(response, 'usageInfo') ?? objectAt(response, 'usage_info'),
    model: stringAt(response, 'model'),
  }),
};

/**
 * Records every `chat.complete`, `chat.stream`, `chat.parse`,
 * `chat.parseStream` and `ocr.process` call of a Mistral client
 * (`@mistralai/mistralai`). The returned client has the
 * original's type and behaviour; the stream `chat.stream` resolves to is
 * still an `EventStream`, read lazily, event by event.
 *
 * @see https://github.com/tokenledger/tokenledger/blob/main/docs/clients.md
 * @example
 * ```ts
 * import { Mistral } from '@mistralai/mistralai';
 *
 * const mistral = instrumentMistral(new Mistral({ apiKey }), tracker);
 * const response = await mistral.chat.complete({
 *   model: 'mistral-small-latest',
 *   messages: [{ role: 'user', content: 'Hello' }],
 * });
 * ```
 */
export function instrumentMistral<C extends MistralLike>(
  client: C,
  recorder: UsageRecorder,
  options: InstrumentOptions = {},
): C {
  const observed =
    (endpoint: PromiseEndpoint) =>
    (method: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) =>
      guardedCall(method, args, options, (invoke) =>
        observePromiseCall(invoke, args, endpoint, recorder, options),
      );

  return proxyObject(client, {
    children: {
      chat: (chat) =>
        proxyObject(chat, {
          methods: {
            complete: observed(completeEndpoint),
            stream: observed(streamEndpoint),
            parse: observed(completeEndpoint),
            parseStream: observed(streamEndpoint),
          },
        }),
      ocr: (ocr) =>
        proxyObject(ocr, { methods: { process: observed(ocrEndpoint) } }),
    },
  });
}

function mistralSignal(args: unknown[]): AbortSignal | undefined {
  const requestOptions = args[1];
  if (!isWireObject(requestOptions)) return undefined;

  const signal =
    requestOptions['signal'] ??
    objectAt(requestOptions, 'fetchOptions')?.['signal'];

  return signal instanceof AbortSignal ? signal : undefined;
}
