import { type TokenUsage, tokenUsage } from '../schema.js';

/**
 * The AI SDK's `LanguageModelV3Usage`, duck-typed.
 *
 * @example
 * ```ts
 * const usage: AiSdkUsage = {
 *   inputTokens: { total: 2100, noCache: 52, cacheRead: 2048, cacheWrite: 0 },
 *   outputTokens: { total: 300, text: 172, reasoning: 128 },
 * };
 * ```
 */
export interface AiSdkUsage {
  inputTokens: {
    total?: number | undefined;
    noCache?: number | undefined;
    cacheRead?: number | undefined;
    cacheWrite?: number | undefined;
  };
  outputTokens: {
    total?: number | undefined;
    text?: number | undefined;
    reasoning?: number | undefined;
  };
}

/**
 * Maps the AI SDK's usage onto disjoint token classes. Its `inputTokens.total`
 * includes cache reads and writes, and its `outputTokens.total` includes
 * reasoning, so: uncached input is `noCache` (or `total` minus the cache
 * counts), and output is `total` (or `text + reasoning`). The AI SDK does
 * not tell cache-write TTLs apart: every write counts as a 5-minute write.
 *
 * @see https://ai-sdk.dev/docs/reference/ai-sdk-core/generate-text#usage
 * @example
 * ```ts
 * aiSdkTokenUsage({
 *   inputTokens: { total: 2100, noCache: 52, cacheRead: 2048, cacheWrite: 0 },
 *   outputTokens: { total: 300, text: 172, reasoning: 128 },
 * }).inputTokens; // 52
 * ```
 */
export function aiSdkTokenUsage(usage: AiSdkUsage): TokenUsage {
  const { inputTokens: input, outputTokens: output } = usage;
  const cacheReadTokens = input.cacheRead ?? 0;
  const cacheWriteTokens = input.cacheWrite ?? 0;
  const reasoningTokens = output.reasoning ?? 0;

  const inputTokens =
    input.noCache ??
    Math.max(0, (input.total ?? 0) - cacheReadTokens - cacheWriteTokens);
  const outputTokens =
    output.total ?? (output.text ?? 0) + (output.reasoning ?? 0);

  return tokenUsage({
    inputTokens,
    cacheReadTokens,
    cacheWriteTokens,
    outputTokens,
    reasoningTokens,
  });
}
