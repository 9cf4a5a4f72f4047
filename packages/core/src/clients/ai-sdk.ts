import { API_SHAPES, type ApiShape } from '../schema.js';
import type { UsageRecorder } from '../tracker/types.js';
import { type AiSdkUsage, aiSdkTokenUsage } from './ai-sdk-usage.js';
import { CallRecording } from './call-recording.js';
import { chatPrefix } from './prefix.js';
import { safePrefix } from './safe-call.js';
import {
  createStreamAccumulator,
  type StreamSummary,
} from './stream-accumulator.js';
import {
  atLeastContentEvents,
  rewrapReadableStream,
  type StreamObserver,
} from './stream-observer.js';
import type { InstrumentOptions } from './types.js';
import { isWireObject, objectAt, stringAt } from './wire.js';

/**
 * The slice of an AI SDK `LanguageModelV3` the middleware reads.
 *
 * @example
 * ```ts
 * const model: AiSdkModelLike = anthropic('claude-sonnet-4-5');
 * model.provider; // 'anthropic.messages'
 * ```
 */
export interface AiSdkModelLike {
  readonly provider: string;
  readonly modelId: string;
}

/**
 * The slice of `LanguageModelV3GenerateResult` the middleware reads.
 *
 * @example
 * ```ts
 * const result: AiSdkGenerateResultLike = await model.doGenerate(options);
 * ```
 */
export interface AiSdkGenerateResultLike {
  usage: AiSdkUsage;
  finishReason: { unified: string } | string;
  response?: { id?: string | undefined; modelId?: string | undefined };
}

/**
 * The slice of `LanguageModelV3StreamResult` the middleware reads.
 *
 * @example
 * ```ts
 * const { stream }: AiSdkStreamResultLike = await model.doStream(options);
 * ```
 */
export interface AiSdkStreamResultLike {
  stream: ReadableStream<unknown>;
}

/**
 * A Vercel AI SDK language-model middleware (`LanguageModelV3Middleware`),
 * duck-typed so that core does not depend on `ai`.
 *
 * @example
 * ```ts
 * const middleware: TokenledgerMiddleware = tokenledgerMiddleware(tracker);
 * const model = wrapLanguageModel({ model: openai('gpt-4o'), middleware });
 * ```
 */
export interface TokenledgerMiddleware {
  readonly specificationVersion: 'v3';
  transformParams<P>(options: {
    type: 'generate' | 'stream';
    params: P;
    model: AiSdkModelLike;
  }): Promise<P>;
  wrapGenerate<R extends AiSdkGenerateResultLike>(options: {
    doGenerate: () => PromiseLike<R>;
    params: unknown;
    model: AiSdkModelLike;
  }): Promise<R>;
  wrapStream<R extends AiSdkStreamResultLike>(options: {
    doStream: () => PromiseLike<R>;
    params: unknown;
    model: AiSdkModelLike;
  }): Promise<R>;
}

/**
 * Records every call made through an AI SDK model wrapped with
 * `wrapLanguageModel`: `generateText`, `streamText`, `generateObject` and
 * the rest, whatever the provider. Usage comes from the AI SDK's own
 * normalized counts (see {@link aiSdkTokenUsage}); the provider is the first
 * part of `model.provider` (`anthropic.messages` → `anthropic`).
 *
 * A stream the caller cancels, or that breaks, is recorded as incomplete
 * with what was known. When `model.provider` is one of tokenledger's API
 * shapes (`anthropic.messages`, `openai.chat`, `openai.responses`), the
 * middleware asks the provider for its raw chunks (`includeRawChunks`,
 * hidden again from the caller who did not ask for them), so that such a
 * stream keeps the counts the provider had already sent, such as
 * Anthropic's input tokens from `message_start`.
 *
 * The AI SDK retries a failed call by calling the model again with the same
 * prompt: those calls are numbered `attempt` 2, 3, … after the failures.
 *
 * @see https://ai-sdk.dev/docs/ai-sdk-core/middleware
 * @example
 * ```ts
 * import { wrapLanguageModel } from 'ai';
 *
 * const model = wrapLanguageModel({
 *   model: openai('gpt-4o'),
 *   middleware: tokenledgerMiddleware(tracker),
 * });
 * ```
 */
export function tokenledgerMiddleware(
  recorder: UsageRecorder,
  options: InstrumentOptions = {},
): TokenledgerMiddleware {
  const attempts = new AttemptCounter();
  const rawChunksAdded = new WeakSet<object>();

  return {
    specificationVersion: 'v3',
    async transformParams({ type, params, model }) {
      if (type !== 'stream' || !isWireObject(params)) return params;
      if (params['includeRawChunks'] === true || !apiShape(model)) {
        return params;
      }

      const withRawChunks = { ...params, includeRawChunks: true };
      rawChunksAdded.add(withRawChunks);

      return withRawChunks as typeof params;
    },
    async wrapGenerate({ doGenerate, params, model }) {
      const recording = startRecording(recorder, model, params, false, options);
      const attempt = attempts.start(params, recording);

      try {
        const result = await doGenerate();
        attempts.succeeded(attempt);
        recording.succeed(generateOutcome(result));
        return result;
      } catch (error) {
        attempts.failed(attempt);
        recording.fail(error);
        throw error;
      }
    },
    async wrapStream({ doStream, params, model }) {
      const recording = startRecording(recorder, model, params, true, options);
      const attempt = attempts.start(params, recording);

      try {
        const result = await doStream();
        attempts.succeeded(attempt);
        const observer = streamObserver(recording, apiShape(model), {
          hideRawChunks: isWireObject(params) && rawChunksAdded.has(params),
        });
        return {
          ...result,
          stream: rewrapReadableStream(result.stream, observer),
        };
      } catch (error) {
        attempts.failed(attempt);
        recording.fail(error);
        throw error;
      }
    },
  };
}

// The AI SDK's retry loop calls the model again with the same `prompt`
// array (generateText, streamText, generateObject, streamObject build it
// once per step), so failures are counted per prompt array.
class AttemptCounter {
  private readonly failures = new WeakMap<object, number>();

  start(params: unknown, recording: CallRecording): AttemptKey {
    const prompt = isWireObject(params) ? params['prompt'] : undefined;
    if (typeof prompt !== 'object' || prompt === null) return undefined;

    recording.startAttempt((this.failures.get(prompt) ?? 0) + 1);

    return { prompt, number: recording.attempt };
  }

  failed(key: AttemptKey): void {
    if (key) this.failures.set(key.prompt, key.number);
  }

  succeeded(key: AttemptKey): void {
    if (key) this.failures.delete(key.prompt);
  }
}

type AttemptKey = { prompt: object; number: number } | undefined;

function apiShape(model: AiSdkModelLike): ApiShape | undefined {
  return (API_SHAPES as readonly string[]).includes(model.provider)
    ? (model.provider as ApiShape)
    : undefined;
}

const PROVIDER_ALIASES: Record<string, string> = {
  'amazon-bedrock': 'bedrock',
  'google-vertex': 'google',
  vertex: 'google',
};

function startRecording(
  recorder: UsageRecorder,
  model: AiSdkModelLike,
  params: unknown,
  streamed: boolean,
  options: InstrumentOptions,
): CallRecording {
  const family = model.provider.split('.')[0] ?? model.provider;
  const call = isWireObject(params) ? params : {};
  const signal = call['abortSignal'];
  const prompt = { messages: call['prompt'], tools: call['tools'] };

  return new CallRecording(
    recorder,
    {
      provider: PROVIDER_ALIASES[family] ?? family,
      shape: apiShape(model),
      requestedModel: model.modelId,
      streamed,
      prefix: safePrefix(chatPrefix, prompt, options),
      callerSignal: signal instanceof AbortSignal ? signal : undefined,
    },
    options,
  );
}

function generateOutcome(result: AiSdkGenerateResultLike) {
  return {
    usage: undefined,
    tokens: aiSdkTokenUsage(result.usage),
    model: result.response?.modelId,
    requestId: result.response?.id,
    stopReason: finishReason(result.finishReason),
  };
}

// V3 results carry `{ unified, raw }`, V2 a string; the unified `length`
// is every provider's max-tokens stop.
function finishReason(reason: unknown): string | undefined {
  return typeof reason === 'string' ? reason : stringAt(reason, 'unified');
}

interface StreamParts {
  finish: Record<string, unknown> | undefined;
  /** The error of an `error` part: the provider reported a failure. */
  failure: { error: unknown } | undefined;
  model: string | undefined;
  requestId: string | undefined;
  contentEvents: number;
}

function streamObserver(
  recording: CallRecording,
  shape: ApiShape | undefined,
  { hideRawChunks }: { hideRawChunks: boolean },
): StreamObserver {
  const raw = shape ? createStreamAccumulator(shape) : undefined;
  const parts: StreamParts = {
    finish: undefined,
    failure: undefined,
    model: undefined,
    requestId: undefined,
    contentEvents: 0,
  };

  return {
    onEvent(part) {
      if (stringAt(part, 'type') !== 'raw') {
        readPart(parts, part);
        return true;
      }

      raw?.push(objectAt(part, 'rawValue'));

      return !hideRawChunks;
    },
    onEnd(_ended, error) {
      const known = {
        usage: undefined,
        model: parts.model,
        requestId: parts.requestId,
        contentEvents: parts.contentEvents,
        ...(parts.finish
          ? finishOutcome(parts.finish)
          : cutOutcome(shape, raw?.summary())),
      };
      const failure = error === undefined ? parts.failure : { error };

      if (failure) recording.fail(failure.error, known);
      else if (parts.finish) recording.succeed(known);
      else recording.succeed({ ...known, status: 'aborted' });
    },
  };
}

function readPart(parts: StreamParts, part: unknown): void {
  const type = stringAt(part, 'type');

  if (type === 'finish' && isWireObject(part)) parts.finish = part;
  if (type === 'error' && isWireObject(part)) {
    parts.failure = { error: part['error'] };
  }
  if (type === 'response-metadata') {
    parts.model = stringAt(part, 'modelId') ?? parts.model;
    parts.requestId = stringAt(part, 'id') ?? parts.requestId;
  }
  if (type?.endsWith('-delta')) parts.contentEvents += 1;
}

// A stream without its finish part: the raw chunks' usage when the
// provider had sent some (Anthropic's `message_start`), else nothing (the
// output is then the content deltas seen).
function cutOutcome(
  shape: ApiShape | undefined,
  summary: StreamSummary | undefined,
) {
  if (!shape || !summary?.usage) return { incomplete: true };

  return {
    usage: atLeastContentEvents(shape, summary.usage, summary.contentEvents),
    incomplete: true,
  };
}

function finishOutcome(finish: Record<string, unknown>) {
  return {
    tokens: aiSdkTokenUsage(finish['usage'] as AiSdkUsage),
    stopReason: finishReason(finish['finishReason']),
  };
}
