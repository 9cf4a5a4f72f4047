import { API_SHAPES, type ApiShape } from '../schema.js';
import type { UsageRecorder } from '../tracker/types.js';
import { type AiSdkUsage, aiSdkTokenUsage } from './ai-sdk-usage.js';
import { CallRecording } from './call-recording.js';
import { chatPrefix } from './prefix.js';
import { safePrefix } from './safe-call.js';
import {
  rewrapReadableStream,
  type StreamObserver,
} from './stream-observer.js';
import type { InstrumentOptions } from './types.js';
import { isWireObject, stringAt } from './wire.js';

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
 * part of `model.provider` (`anthropic.messages` → `anthropic`). A stream
 * the caller cancels is recorded as incomplete with what was known.
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
  return {
    specificationVersion: 'v3',
    async wrapGenerate({ doGenerate, params, model }) {
      const recording = startRecording(recorder, model, params, false, options);

      try {
        const result = await doGenerate();
        recording.succeed(generateOutcome(result));
        return result;
      } catch (error) {
        recording.fail(error);
        throw error;
      }
    },
    async wrapStream({ doStream, params, model }) {
      const recording = startRecording(recorder, model, params, true, options);

      try {
        const result = await doStream();
        const observer = streamObserver(recording);
        return {
          ...result,
          stream: rewrapReadableStream(result.stream, observer),
        };
      } catch (error) {
        recording.fail(error);
        throw error;
      }
    },
  };
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
      shape: (API_SHAPES as readonly string[]).includes(model.provider)
        ? (model.provider as ApiShape)
        : undefined,
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

function streamObserver(recording: CallRecording): StreamObserver {
  let finish: Record<string, unknown> | undefined;
  let model: string | undefined;
  let requestId: string | undefined;
  let contentEvents = 0;

  return {
    onEvent(part) {
      const type = stringAt(part, 'type');
      if (type === 'finish' && isWireObject(part)) finish = part;
      if (type === 'response-metadata') {
        model = stringAt(part, 'modelId') ?? model;
        requestId = stringAt(part, 'id') ?? requestId;
      }
      if (type?.endsWith('-delta')) contentEvents += 1;

      return true;
    },
    onEnd(_ended, error) {
      const known = {
        usage: undefined,
        model,
        requestId,
        contentEvents,
        ...(finish ? finishOutcome(finish) : { incomplete: true }),
      };

      if (error !== undefined) recording.fail(error, known);
      else if (finish) recording.succeed(known);
      else recording.succeed({ ...known, status: 'aborted' });
    },
  };
}

function finishOutcome(finish: Record<string, unknown>) {
  return {
    tokens: aiSdkTokenUsage(finish['usage'] as AiSdkUsage),
    stopReason: finishReason(finish['finishReason']),
  };
}
