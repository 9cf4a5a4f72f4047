import type { UsageRecorder } from '../tracker/types.js';
import type { CallRecording } from './call-recording.js';
import { type Fetch, observingFetch } from './fetch-attempts.js';
import { proxyObject } from './method-proxy.js';
import { geminiPrefix } from './prefix.js';
import { observePromiseCall, type PromiseEndpoint } from './promise-call.js';
import { guardedCall } from './safe-call.js';
import { observeIterable } from './stream-observer.js';
import type { InstrumentOptions } from './types.js';
import {
  arrayAt,
  isWireObject,
  objectAt,
  stringAt,
  type WireObject,
} from './wire.js';

/**
 * The slice of a Google Gen AI client that gets instrumented.
 *
 * @example
 * ```ts
 * const client: GeminiLike = new GoogleGenAI({ apiKey });
 * ```
 */
export interface GeminiLike {
  models: object;
}

const generateEndpoint: PromiseEndpoint = {
  provider: 'google',
  shape: 'gemini.generateContent',
  signal: geminiSignal,
  prefix: geminiPrefix,
  outcome: (response) => ({
    usage: objectAt(response, 'usageMetadata'),
    model: stringAt(response, 'modelVersion'),
    requestId: stringAt(response, 'responseId'),
    stopReason: stringAt(arrayAt(response, 'candidates')[0], 'finishReason'),
  }),
};

const streamEndpoint: PromiseEndpoint = {
  provider: 'google',
  shape: 'gemini.generateContent',
  signal: geminiSignal,
  prefix: geminiPrefix,
  rewrapStream: (stream, observer) =>
    observeIterable(stream as AsyncIterable<unknown>, observer),
};

/**
 * Records every `models.generateContent` and `models.generateContentStream`
 * call of a Google Gen AI client (`@google/genai`, Gemini API or Vertex AI),
 * including those of the chat sessions made with `chats.create()`. The
 * returned client has the original's type and behaviour.
 *
 * @see https://github.com/tokenledger/tokenledger/blob/main/docs/clients.md
 * @example
 * ```ts
 * import { GoogleGenAI } from '@google/genai';
 *
 * const gemini = instrumentGemini(new GoogleGenAI({ apiKey }), tracker);
 * const response = await gemini.models.generateContent({
 *   model: 'gemini-2.5-flash', contents: 'Hello',
 * });
 * ```
 */
export function instrumentGemini<C extends GeminiLike>(
  client: C,
  recorder: UsageRecorder,
  options: InstrumentOptions = {},
): C {
  const observed =
    (endpoint: PromiseEndpoint) => (method: Method, models: object) => {
      const withAttempts: PromiseEndpoint = {
        ...endpoint,
        prepareArgs: (args, recording) =>
          withObservingFetch(args, recording, models),
      };

      return (...args: unknown[]) =>
        guardedCall(method, args, options, (invoke) =>
          observePromiseCall(invoke, args, withAttempts, recorder, options),
        );
    };

  const instrumented: C = proxyObject(client, {
    children: {
      models: (models) =>
        proxyObject(models, {
          methods: {
            generateContent: observed(generateEndpoint),
            generateContentStream: observed(streamEndpoint),
          },
        }),
      // Chat sessions call the `models` they were created with: hand them
      // the instrumented one.
      chats: (chats) =>
        proxyObject(chats, {
          rebound: ['create'],
          overrides: { modelsModule: () => instrumented.models },
        }),
    },
  });

  return instrumented;
}

type Method = (...args: unknown[]) => unknown;

// The SDK retries inside one call (5 attempts by default). A per-request
// `config.httpOptions.fetch` (merged over the client's) sees each attempt.
function withObservingFetch(
  args: unknown[],
  recording: CallRecording,
  models: object,
): unknown[] {
  const [params, ...rest] = args;
  if (!isWireObject(params)) return args;

  const config = objectAt(params, 'config');
  const httpOptions = objectAt(config, 'httpOptions');
  const fetch = baseFetch(httpOptions, models);
  const observing = observingFetch(fetch, () => recording);

  return [
    {
      ...params,
      config: { ...config, httpOptions: { ...httpOptions, fetch: observing } },
    },
    ...rest,
  ];
}

function baseFetch(httpOptions: WireObject | undefined, models: object): Fetch {
  const requestFetch = httpOptions?.['fetch'];
  if (typeof requestFetch === 'function') return requestFetch as Fetch;

  const apiClient = (models as { apiClient?: { getFetch?: () => unknown } })
    .apiClient;
  const clientFetch = apiClient?.getFetch?.();

  return typeof clientFetch === 'function'
    ? (clientFetch as Fetch)
    : (input, init) =>
        globalThis.fetch(input as Parameters<typeof globalThis.fetch>[0], init);
}

function geminiSignal(args: unknown[]): AbortSignal | undefined {
  const signal = objectAt(objectAt(args[0], 'config'), 'abortSignal');

  return signal instanceof AbortSignal ? signal : undefined;
}
