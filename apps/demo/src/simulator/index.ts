export type { AnthropicCacheOutcome, PromptBlock } from './anthropic-cache.js';
export { applyAnthropicCache } from './anthropic-cache.js';
export { applyOpenAICache } from './openai-cache.js';
export { PromptCache } from './prompt-cache.js';
export type { ServedCall } from './served.js';
export type { Simulator, SimulatorOptions } from './server.js';
export { startSimulator } from './server.js';
export { estimateTokens, tokenize } from './tokens.js';
