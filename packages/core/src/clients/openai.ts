import { toTokenledgerError } from '../errors.js';
import type { UsageRecorder } from '../tracker/types.js';
import { attemptObservingClient } from './fetch-attempts.js';
import { proxyObject } from './method-proxy.js';
import { chatPrefix, responsesPrefix } from './prefix.js';
import { guardedCall } from './safe-call.js';
import { type CreateEndpoint, observeCreate } from './stainless-create.js';
import type { InstrumentOptions } from './types.js';
import { arrayAt, isWireObject, objectAt, stringAt } from './wire.js';

/**
 * The slice of an OpenAI client that gets instrumented (`OpenAI` and
 * `AzureOpenAI` have it).
 *
 * @example
 * ```ts
 * const client: OpenAILike = new OpenAI();
 * ```
 */
export interface OpenAILike {
  chat: object;
  responses: object;
  embeddings: object;
}

const chatEndpoint: CreateEndpoint = {
  provider: 'openai',
  shape: 'openai.chat',
  observeAttempts: 'fetch',
  prefix: chatPrefix,
  prepareStream: requestStreamUsage,
  outcome: (completion, requestId) => ({
    usage: objectAt(completion, 'usage'),
    model: stringAt(completion, 'model'),
    requestId: requestId ?? stringAt(completion, 'id'),
    stopReason: stringAt(arrayAt(completion, 'choices')[0], 'finish_reason'),
  }),
};

const responsesEndpoint: CreateEndpoint = {
  provider: 'openai',
  shape: 'openai.responses',
  observeAttempts: 'fetch',
  prefix: responsesPrefix,
  outcome: (response, requestId) => ({
    usage: objectAt(response, 'usage'),
    model: stringAt(response, 'model'),
    requestId: requestId ?? stringAt(response, 'id'),
    stopReason:
      stringAt(objectAt(response, 'incomplete_details'), 'reason') ??
      stringAt(response, 'status'),
  }),
};

const embeddingsEndpoint: CreateEndpoint = {
  provider: 'openai',
  shape: 'openai.embeddings',
  observeAttempts: 'fetch',
  outcome: (list, requestId) => ({
    usage: objectAt(list, 'usage'),
    model: stringAt(list, 'model'),
    requestId,
  }),
};

/**
 * Records every `chat.completions.create`, `responses.create` and
 * `embeddings.create` call of an OpenAI client, plain or streamed,
 * including the SDK's `stream()`, `parse()` and `runTools()` helpers that
 * call them. The returned client has the original's type and behaviour.
 *
 * A chat stream reports usage only with `stream_options.include_usage`: the
 * wrapper sets it when the caller did not, and then hides the extra
 * usage-only chunk, so the caller's loop sees what it expects.
 *
 * @see https://github.com/tokenledger/tokenledger/blob/main/docs/clients.md
 * @example
 * ```ts
 * import OpenAI from 'openai';
 *
 * const openai = instrumentOpenAI(new OpenAI(), tracker);
 * const completion = await openai.chat.completions.create({
 *   model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }],
 * });
 * ```
 */
export function instrumentOpenAI<C extends OpenAILike>(
  client: C,
  recorder: UsageRecorder,
  options: InstrumentOptions = {},
): C {
  const shadow = observingCopy(client, options);
  const chatCreate: CreateEndpoint =
    options.requestStreamUsage === false
      ? withoutStreamUsage(chatEndpoint)
      : chatEndpoint;
  const create = (endpoint: CreateEndpoint, path: readonly string[]) => ({
    create:
      (method: Method): Method =>
      (...args) => {
        const attempted = shadow ? methodAt(shadow, path) : undefined;

        return guardedCall(attempted ?? method, args, options, (invoke) =>
          observeCreate(invoke, args, endpoint, recorder, options),
        );
      },
  });
  // The SDK's helpers call `this._client.chat.completions.create()`: point
  // `_client` at the instrumented client so they are recorded too.
  const overrides = { _client: () => instrumented };
  const completions = (original: object) =>
    proxyObject(original, {
      methods: create(chatCreate, ['chat', 'completions']),
      rebound: ['stream', 'parse', 'runTools'],
      overrides,
    });

  const instrumented: C = proxyObject(client, {
    children: {
      chat: (chat) => proxyObject(chat, { children: { completions } }),
      responses: (responses) =>
        proxyObject(responses, {
          methods: create(responsesEndpoint, ['responses']),
          rebound: ['stream', 'parse'],
          overrides,
        }),
      embeddings: (embeddings) =>
        proxyObject(embeddings, {
          methods: create(embeddingsEndpoint, ['embeddings']),
        }),
    },
  });

  return instrumented;
}

type Method = (...args: unknown[]) => unknown;

// The SDK retries inside one `create` call and offers no per-request hook:
// a copy of the client with an observing `fetch` sees each attempt.
function observingCopy<C extends object>(
  client: C,
  options: InstrumentOptions,
): C | undefined {
  try {
    return attemptObservingClient(client);
  } catch (error) {
    options.onError?.(toTokenledgerError(error));
    return undefined;
  }
}

function methodAt(root: object, path: readonly string[]): Method | undefined {
  let resource: unknown = root;
  for (const key of path) {
    resource = isWireObject(resource) ? resource[key] : undefined;
  }

  return isWireObject(resource) && typeof resource['create'] === 'function'
    ? (resource['create'] as Method).bind(resource)
    : undefined;
}

function withoutStreamUsage(endpoint: CreateEndpoint): CreateEndpoint {
  const { prepareStream: _omitted, ...rest } = endpoint;

  return rest;
}

// https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
function requestStreamUsage(params: unknown): {
  params: unknown;
  hide?: (event: unknown) => boolean;
} {
  if (!isWireObject(params)) return { params };

  const streamOptions = objectAt(params, 'stream_options');
  if (streamOptions?.['include_usage'] === true) return { params };

  return {
    params: {
      ...params,
      stream_options: { ...streamOptions, include_usage: true },
    },
    hide: isUsageOnlyChunk,
  };
}

function isUsageOnlyChunk(chunk: unknown): boolean {
  return (
    arrayAt(chunk, 'choices').length === 0 &&
    objectAt(chunk, 'usage') !== undefined
  );
}
