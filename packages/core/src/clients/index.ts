export { accumulateStreamUsage } from './accumulate-usage.js';
export type {
  AiSdkGenerateResultLike,
  AiSdkModelLike,
  AiSdkStreamResultLike,
  TokenledgerMiddleware,
} from './ai-sdk.js';
export { tokenledgerMiddleware } from './ai-sdk.js';
export type { AiSdkUsage } from './ai-sdk-usage.js';
export { aiSdkTokenUsage } from './ai-sdk-usage.js';
export type { AnthropicLike } from './anthropic.js';
export { instrumentAnthropic } from './anthropic.js';
export type { GeminiLike } from './gemini.js';
export { instrumentGemini } from './gemini.js';
export type { MistralLike } from './mistral.js';
export { instrumentMistral } from './mistral.js';
export type { OpenAILike } from './openai.js';
export { instrumentOpenAI } from './openai.js';
export type { PrefixFingerprint } from './prefix.js';
export {
  anthropicPrefix,
  chatPrefix,
  estimateTokens,
  geminiPrefix,
  responsesPrefix,
} from './prefix.js';
export { isMaxTokensStop } from './stop-reason.js';
export type {
  StreamAccumulator,
  StreamSummary,
} from './stream-accumulator.js';
export {
  createStreamAccumulator,
  summarizeStream,
} from './stream-accumulator.js';
export type { InstrumentOptions } from './types.js';
