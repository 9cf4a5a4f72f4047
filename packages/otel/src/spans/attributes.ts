// Span attribute names read by the span processor, by the convention that
// defines them. Sources, checked 2026-12-03:
// - OpenTelemetry GenAI semantic conventions (@opentelemetry/semantic-
//   conventions 1.45 incubating, gen_ai.* registry);
// - OpenLLMetry (traceloop): @traceloop/ai-semantic-conventions and its
//   Anthropic and OpenAI instrumentations;
// - Vercel AI SDK telemetry (ai-sdk.dev/docs/ai-sdk-core/telemetry and the
//   `ai` package source, v4 to v6).

/** Attributes that name the provider and the model of a call. */
export const CALL = {
  providerName: 'gen_ai.provider.name',
  /** Deprecated by `gen_ai.provider.name`; OpenLLMetry and the AI SDK still set it. */
  system: 'gen_ai.system',
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  finishReasons: 'gen_ai.response.finish_reasons',
  /** OpenLLMetry: `chat`, `completion`, `embedding`. */
  llmRequestType: 'llm.request.type',
  llmStreaming: 'llm.is_streaming',
  /**
   * OpenLLMetry JS's first attribute set (`@traceloop/ai-semantic-
   * conventions`, commit 22c2441), beside `llm.usage.prompt_tokens`.
   */
  llmVendor: 'llm.vendor',
  llmRequestModel: 'llm.request.model',
  llmResponseModel: 'llm.response.model',
} as const;

/**
 * Token counts of the current and the older GenAI conventions, and
 * OpenLLMetry's. First present wins, in this order.
 */
export const SEMCONV_USAGE = {
  input: [
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.prompt_tokens',
    'llm.usage.prompt_tokens',
  ],
  output: [
    'gen_ai.usage.output_tokens',
    'gen_ai.usage.completion_tokens',
    'llm.usage.completion_tokens',
  ],
  cacheRead: [
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_read_input_tokens',
  ],
  cacheWrite: [
    'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.cache_creation_input_tokens',
  ],
  reasoning: [
    'gen_ai.usage.reasoning.output_tokens',
    'gen_ai.usage.reasoning_tokens',
  ],
} as const;

/** GenAI operations that are not one model call (agents, tools, workflows). */
export const NOT_A_CALL = new Set([
  'invoke_agent',
  'create_agent',
  'execute_tool',
  'invoke_workflow',
]);

/** Vercel AI SDK attributes (`ai.*`). */
export const AI_SDK = {
  operationId: 'ai.operationId',
  provider: 'ai.model.provider',
  modelId: 'ai.model.id',
  responseModel: 'ai.response.model',
  responseId: 'ai.response.id',
  providerMetadata: 'ai.response.providerMetadata',
  finishReason: 'ai.response.finishReason',
  /** v5 and v6; `promptTokens` in v4. */
  input: ['ai.usage.inputTokens', 'ai.usage.promptTokens'],
  /** v5 and v6; `completionTokens` in v4. */
  output: ['ai.usage.outputTokens', 'ai.usage.completionTokens'],
  cachedInput: 'ai.usage.cachedInputTokens',
  reasoning: 'ai.usage.reasoningTokens',
  /** `embed` and `embedMany`. */
  embedTokens: 'ai.usage.tokens',
  /** v6 breakdown of the inclusive totals. */
  noCache: 'ai.usage.inputTokenDetails.noCacheTokens',
  cacheRead: 'ai.usage.inputTokenDetails.cacheReadTokens',
  cacheWrite: 'ai.usage.inputTokenDetails.cacheWriteTokens',
  outputText: 'ai.usage.outputTokenDetails.textTokens',
  outputReasoning: 'ai.usage.outputTokenDetails.reasoningTokens',
} as const;

/** Every attribute whose presence marks a span as a GenAI span. */
export const GEN_AI_MARKERS = [
  CALL.providerName,
  CALL.system,
  CALL.operationName,
  CALL.llmRequestType,
  CALL.llmVendor,
  AI_SDK.operationId,
] as const;
