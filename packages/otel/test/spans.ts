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
// source (see docs/opentelemetry.md for the sources). `scope` is the name
// the instrumentation gives its tracer (the span's instrumentation scope).

/** One traced call: its scope, span name and attributes. */
export interface TracedCall {
  scope: string;
  spanName: string;
  start: Attributes;
  end: Attributes;
}

/** An Anthropic call: 1000 uncached, 2000 cache-read, 500 cache-write, 300 out. */
type Source =
  | 'semconv'
  | 'openllmetryJs'
  | 'openllmetryPython'
  | 'aiSdk6'
  | 'aiSdk5'
  | 'aiSdk4';
export const ANTHROPIC_CALL: Record<Source, TracedCall> = {
  semconv: {
    scope: 'test',
    spanName: 'chat claude-sonnet-4-5',
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
  // OpenLLMetry JS, @traceloop/instrumentation-anthropic after its semconv
  // 1.40 migration (traceloop/openllmetry-js, packages/instrumentation-
  // anthropic/src/instrumentation.ts at commit 1596c02, package 0.22.6 on
  // that commit): startSpan sets provider, operation, request model and
  // max_tokens (and the input messages); _endSpan sets the response model,
  // the mapped finish reason (end_turn -> stop), usage.total_tokens =
  // input_tokens + output_tokens, Anthropic's own input_tokens (cache
  // EXCLUDED) as gen_ai.usage.input_tokens, and the two cache counts. No
  // response id.
  openllmetryJs: {
    scope: '@traceloop/instrumentation-anthropic',
    spanName: 'chat claude-sonnet-4-5',
    start: {
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.request.max_tokens': 1024,
      'gen_ai.input.messages':
        '[{"role":"user","parts":[{"type":"text","content":"Validate claim 7"}]}]',
    },
    end: {
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.total_tokens': 1300,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.cache_creation.input_tokens': 500,
      'gen_ai.usage.cache_read.input_tokens': 2000,
      'gen_ai.output.messages':
        '[{"role":"assistant","parts":[{"type":"text","content":"Valid."}],"finish_reason":"stop"}]',
    },
  },
  // OpenLLMetry PYTHON (opentelemetry-instrumentation-anthropic) sums
  // input_tokens and both cache counts into prompt_tokens. A JS span
  // processor never sees Python spans: kept as the test of the older
  // custom cache names (still defined in @traceloop/ai-semantic-conventions
  // "for backwards compatibility") under the fallback rule.
  openllmetryPython: {
    scope: 'opentelemetry.instrumentation.anthropic',
    spanName: 'anthropic.chat',
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
    scope: 'ai',
    spanName: 'ai.generateText.doGenerate',
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
    scope: 'ai',
    spanName: 'ai.streamText.doStream',
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
    scope: 'ai',
    spanName: 'ai.generateText.doGenerate',
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

// OpenLLMetry JS, @traceloop/instrumentation-anthropic BEFORE its semconv
// 1.40 migration (traceloop/openllmetry-js, same file at commit 0f18865,
// release 0.11.6, and the published builds after it): the same call as
// ANTHROPIC_CALL, but the span carries Anthropic's own input_tokens (cache
// excluded) as gen_ai.usage.prompt_tokens and NO cache counts at all, so
// the cache reads and writes of the call cannot be recorded.
export const ANTHROPIC_OPENLLMETRY_JS_LEGACY: TracedCall = {
  scope: '@traceloop/instrumentation-anthropic',
  spanName: 'anthropic.chat',
  start: {
    'gen_ai.system': 'Anthropic',
    'llm.request.type': 'chat',
    'gen_ai.request.model': 'claude-sonnet-4-5',
    'gen_ai.request.max_tokens': 1024,
    'gen_ai.prompt.0.role': 'user',
    'gen_ai.prompt.0.content': 'Validate claim 7',
  },
  end: {
    'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
    'llm.usage.total_tokens': 1300,
    'gen_ai.usage.completion_tokens': 300,
    'gen_ai.usage.prompt_tokens': 1000,
    'gen_ai.completion.0.finish_reason': 'end_turn',
    'gen_ai.completion.0.role': 'assistant',
    'gen_ai.completion.0.content': '[{"type":"text","text":"Valid."}]',
  },
};

// OpenLLMetry JS, @traceloop/instrumentation-openai (traceloop/openllmetry-
// js, packages/instrumentation-openai/src/instrumentation.ts, as published
// in 0.23.0), chat completions: provider from the client's base URL,
// OpenAI's prompt_tokens (cached prompt INCLUDED) as input_tokens,
// completion_tokens (reasoning included) as output_tokens, total_tokens,
// response id. It sets neither the cached nor the reasoning count. One call
// of 2500 prompt tokens (2048 of them cached) and 400 output tokens.
export const OPENAI_OPENLLMETRY_JS: TracedCall = {
  scope: '@traceloop/instrumentation-openai',
  spanName: 'chat gpt-5-mini',
  start: {
    'gen_ai.provider.name': 'openai',
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-5-mini',
    'gen_ai.input.messages':
      '[{"role":"user","parts":[{"type":"text","content":"Summarise the claim"}]}]',
  },
  end: {
    'gen_ai.response.model': 'gpt-5-mini-2025-08-07',
    'gen_ai.response.id': 'chatcmpl-01',
    'gen_ai.usage.total_tokens': 2900,
    'gen_ai.usage.output_tokens': 400,
    'gen_ai.usage.input_tokens': 2500,
    'gen_ai.response.finish_reasons': ['stop'],
  },
};

// OpenLLMetry JS's first attribute set (@traceloop/ai-semantic-conventions
// trace/SemanticAttributes.ts at commit 22c2441; @traceloop/instrumentation-
// openai 0.0.8): llm.vendor, llm.request.model, llm.response.model and the
// oldest usage names llm.usage.prompt_tokens / completion_tokens.
export const OPENAI_OPENLLMETRY_JS_FIRST: TracedCall = {
  scope: '@traceloop/instrumentation-openai',
  spanName: 'openai.chat',
  start: {
    'llm.vendor': 'OpenAI',
    'llm.request.type': 'chat',
    'llm.request.model': 'gpt-4o-mini',
    'llm.prompts.0.role': 'user',
    'llm.prompts.0.content': 'Summarise the claim',
  },
  end: {
    'llm.response.model': 'gpt-4o-mini-2024-07-18',
    'llm.usage.total_tokens': 1350,
    'llm.usage.completion_tokens': 150,
    'llm.usage.prompt_tokens': 1200,
    'llm.completions.0.finish_reason': 'stop',
    'llm.completions.0.role': 'assistant',
    'llm.completions.0.content': 'The claim is valid.',
  },
};

/** Starts and ends `call` on a tracer named as its instrumentation's. */
export function endTracedCall(
  tracerOf: (scope: string) => Tracer,
  call: TracedCall,
  end: Attributes = call.end,
): void {
  endCallSpan(tracerOf(call.scope), call.spanName, call.start, end);
}
