import type { Attributes } from '@opentelemetry/api';
import type { TokenUsage } from '@tokenledger/core';
import { providerFromAiSdk, providerFromGenAi } from '../provider.js';
import { aiSdkUsage } from './ai-sdk-usage.js';
import { AI_SDK, CALL, GEN_AI_MARKERS, NOT_A_CALL } from './attributes.js';
import type { CacheInclusion } from './cache-inclusion.js';
import { firstString, hasAny, stringAt } from './read.js';
import { semconvUsage } from './semconv-usage.js';

/**
 * Which convention a span's usage was read with: the GenAI semantic
 * conventions (current, older names, OpenLLMetry) or the Vercel AI SDK's.
 *
 * @example
 * ```ts
 * const convention: SpanConvention = 'ai-sdk';
 * ```
 */
export type SpanConvention = 'gen_ai' | 'ai-sdk';

/**
 * What one finished span is, for the span processor.
 *
 * @example
 * ```ts
 * const call: SpanCall = readSpanCall(span.attributes);
 * if (call.kind === 'call') console.log(call.provider, call.usage.inputTokens);
 * ```
 */
export type SpanCall =
  /** Not a GenAI span: ignored. */
  | { kind: 'other' }
  /** A span summing other calls (an AI SDK `generateText`, an agent). */
  | { kind: 'aggregate' }
  /** One model call whose span carries no token counts. */
  | { kind: 'no-usage'; convention: SpanConvention }
  | ({ kind: 'call'; convention: SpanConvention } & CallFacts);

/**
 * What a model-call span says about the call.
 *
 * @example
 * ```ts
 * const facts: CallFacts = {
 *   provider: 'anthropic', model: 'claude-sonnet-4-5', usage: tokenUsage(),
 *   requestId: 'msg_01', streamed: false, maxTokensHit: undefined,
 * };
 * ```
 */
export interface CallFacts {
  provider: string;
  model: string;
  usage: TokenUsage;
  requestId: string | undefined;
  streamed: boolean;
  maxTokensHit: boolean | undefined;
}

const UNKNOWN = 'unknown';
const SEMCONV_PROVIDER = [CALL.providerName, CALL.system, CALL.llmVendor];
const SEMCONV_MODEL = [
  CALL.responseModel,
  CALL.requestModel,
  CALL.llmResponseModel,
  CALL.llmRequestModel,
];
const AI_SDK_CALL = /\.(doGenerate|doStream|doEmbed)$/;

/**
 * Reads a finished span: whether it is one model call, and if so its
 * provider, model and token classes. `inclusion` says whether the span's
 * `gen_ai.*` input count includes the cache (see `cacheInclusionLookup`);
 * without it the fallback rule of `semconvUsage` applies. AI SDK spans
 * carry their own rules and ignore it.
 *
 * @example
 * ```ts
 * readSpanCall(span.attributes); // { kind: 'call', provider: 'anthropic', … }
 * readSpanCall(span.attributes, 'excludes-cache');
 * ```
 */
export function readSpanCall(
  attributes: Attributes,
  inclusion?: CacheInclusion,
): SpanCall {
  const operationId = attributes[AI_SDK.operationId];
  if (typeof operationId === 'string')
    return readAiSdk(attributes, operationId);
  if (!hasAny(attributes, GEN_AI_MARKERS)) return { kind: 'other' };

  const usage = semconvUsage(attributes, inclusion);
  const operation = attributes[CALL.operationName];
  if (typeof operation === 'string' && NOT_A_CALL.has(operation)) {
    return usage ? { kind: 'aggregate' } : { kind: 'other' };
  }
  if (!usage) return { kind: 'no-usage', convention: 'gen_ai' };

  return {
    kind: 'call',
    convention: 'gen_ai',
    provider: semconvProvider(attributes),
    model: model(attributes) ?? UNKNOWN,
    usage,
    requestId: stringAt(attributes, CALL.responseId),
    streamed: attributes[CALL.llmStreaming] === true,
    maxTokensHit: hitMaxTokens(attributes[CALL.finishReasons]),
  };
}

/** Whether the span looks like a GenAI span from its start attributes. */
export function looksGenAi(attributes: Attributes): boolean {
  return hasAny(attributes, GEN_AI_MARKERS);
}

function readAiSdk(attributes: Attributes, operationId: string): SpanCall {
  const providerString =
    firstString(attributes, [AI_SDK.provider, CALL.system]) ?? '';
  const usage = aiSdkUsage(attributes, providerString);

  if (!AI_SDK_CALL.test(operationId)) {
    return usage ? { kind: 'aggregate' } : { kind: 'other' };
  }
  if (!usage) return { kind: 'no-usage', convention: 'ai-sdk' };

  return {
    kind: 'call',
    convention: 'ai-sdk',
    provider: providerFromAiSdk(providerString) ?? UNKNOWN,
    model:
      firstString(attributes, [AI_SDK.responseModel, AI_SDK.modelId]) ??
      model(attributes) ??
      UNKNOWN,
    usage,
    requestId: firstString(attributes, [AI_SDK.responseId, CALL.responseId]),
    streamed: operationId.endsWith('.doStream'),
    maxTokensHit: hitMaxTokens(attributes[AI_SDK.finishReason]),
  };
}

function semconvProvider(attributes: Attributes): string {
  const raw = firstString(attributes, SEMCONV_PROVIDER);
  if (raw === undefined) return UNKNOWN;

  return providerFromGenAi(raw) ?? raw.trim().toLowerCase();
}

function model(attributes: Attributes): string | undefined {
  return firstString(attributes, SEMCONV_MODEL);
}

// `length` is the semconv and AI SDK value, `max_tokens` Anthropic's own.
function hitMaxTokens(value: unknown): boolean | undefined {
  const reasons = Array.isArray(value) ? value : [value];
  if (reasons.every((reason) => typeof reason !== 'string')) return undefined;

  return reasons.some(
    (reason) => reason === 'length' || reason === 'max_tokens',
  );
}
