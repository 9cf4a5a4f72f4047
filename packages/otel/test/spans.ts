import type { Attributes, Tracer } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import { STARTED } from './support.js';

/** How long every test call takes, so `latencyMs` is known. */
export const LATENCY_MS = 1830;

/**
 * Starts and ends a span the way an instrumentation does: request
 * attributes at start, response attributes (usage) before the end.
 */
export function endCallSpan(
  tracer: Tracer,
  name: string,
  start: Attributes,
  end: Attributes,
  options: { error?: boolean } = {},
): void {
  const span = tracer.startSpan(name, {
    attributes: start,
    startTime: STARTED,
  });
  span.setAttributes(end);
  if (options.error) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(new Date(STARTED.getTime() + LATENCY_MS));
}

// Attribute sets as the instrumentations emit them, written from their
// documentation and source (see docs/opentelemetry.md for the sources).

/** An Anthropic call: 1000 uncached, 2000 cache-read, 500 cache-write, 300 out. */
type Source = 'semconv' | 'openllmetry' | 'aiSdk6' | 'aiSdk5' | 'aiSdk4';
export const ANTHROPIC_CALL: Record<
  Source,
  { start: Attributes; end: Attributes }
> = {
  semconv: {
    start: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-5',
    },
    // Current conventions: input_tokens includes cache reads and writes.
    end: {
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      'gen_ai.response.id': 'msg_01',
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 3500,
      'gen_ai.usage.cache_read.input_tokens': 2000,
      'gen_ai.usage.cache_creation.input_tokens': 500,
      'gen_ai.usage.output_tokens': 300,
    },
  },
  // OpenLLMetry (Python opentelemetry-instrumentation-anthropic) sums
  // input_tokens and both cache counts into prompt_tokens.
  openllmetry: {
    start: {
      'gen_ai.system': 'Anthropic',
      'llm.request.type': 'chat',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.request.max_tokens': 1024,
    },
    end: {
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      'gen_ai.response.id': 'msg_02',
      'gen_ai.usage.prompt_tokens': 3500,
      'gen_ai.usage.completion_tokens': 300,
      'llm.usage.total_tokens': 3800,
      'gen_ai.usage.cache_read_input_tokens': 2000,
      'gen_ai.usage.cache_creation_input_tokens': 500,
    },
  },
  // Vercel AI SDK 6: inclusive totals with a breakdown.
  aiSdk6: {
    start: {
      'operation.name': 'ai.generateText.doGenerate',
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.model.provider': 'anthropic.messages',
      'ai.model.id': 'claude-sonnet-4-5',
      'gen_ai.system': 'anthropic.messages',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'ai.telemetry.metadata.userId': 'u_sdk',
    },
    end: {
      'ai.response.finishReason': 'stop',
      'ai.response.id': 'msg_03',
      'ai.response.model': 'claude-sonnet-4-5-20250929',
      'ai.usage.inputTokens': 3500,
      'ai.usage.inputTokenDetails.noCacheTokens': 1000,
      'ai.usage.inputTokenDetails.cacheReadTokens': 2000,
      'ai.usage.inputTokenDetails.cacheWriteTokens': 500,
      'ai.usage.outputTokens': 300,
      'ai.usage.outputTokenDetails.textTokens': 300,
      'ai.usage.totalTokens': 3800,
      'ai.usage.cachedInputTokens': 2000,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.response.id': 'msg_03',
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      'gen_ai.usage.input_tokens': 3500,
      'gen_ai.usage.output_tokens': 300,
    },
  },
  // Vercel AI SDK 5: Anthropic's own exclusive input; cache writes only in
  // the provider metadata.
  aiSdk5: {
    start: {
      'ai.operationId': 'ai.streamText.doStream',
      'ai.model.provider': 'anthropic.messages',
      'ai.model.id': 'claude-sonnet-4-5',
      'gen_ai.system': 'anthropic.messages',
      'gen_ai.request.model': 'claude-sonnet-4-5',
    },
    end: {
      'ai.response.finishReason': 'stop',
      'ai.response.model': 'claude-sonnet-4-5-20250929',
      'ai.response.id': 'msg_04',
      'ai.response.providerMetadata':
        '{"anthropic":{"cacheCreationInputTokens":500,"stopSequence":null}}',
      'ai.usage.inputTokens': 1000,
      'ai.usage.outputTokens': 300,
      'ai.usage.totalTokens': 1300,
      'ai.usage.cachedInputTokens': 2000,
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 300,
    },
  },
  // Vercel AI SDK 4: promptTokens/completionTokens; cache in metadata.
  aiSdk4: {
    start: {
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.model.provider': 'anthropic.messages',
      'ai.model.id': 'claude-sonnet-4-5-20250929',
      'gen_ai.system': 'anthropic.messages',
    },
    end: {
      'ai.response.providerMetadata':
        '{"anthropic":{"cacheCreationInputTokens":500,"cacheReadInputTokens":2000}}',
      'ai.usage.promptTokens': 1000,
      'ai.usage.completionTokens': 300,
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 300,
    },
  },
};
