import type { Attributes } from '@opentelemetry/api';
import { type TokenUsage, tokenUsage } from '@tokenledger/core';
import { AI_SDK } from './attributes.js';
import { countAt, firstCount, hasAny } from './read.js';

const V6_DETAILS = [
  AI_SDK.noCache,
  AI_SDK.cacheRead,
  AI_SDK.cacheWrite,
  AI_SDK.outputText,
  AI_SDK.outputReasoning,
];

/**
 * Token classes of a Vercel AI SDK model-call span (`ai.*.doGenerate`,
 * `ai.*.doStream`, `ai.*.doEmbed`). Undefined when it carries no counts.
 *
 * - v6 (`LanguageModelV3`) sends inclusive totals with a breakdown
 *   (`ai.usage.inputTokenDetails.*`): the breakdown is used as it is.
 * - v4 and v5 send the provider's own counts, whose inclusion depends on
 *   the provider: Anthropic and Bedrock input excludes the cache
 *   (`cachedInputTokens` is separate; cache writes are only in
 *   `ai.response.providerMetadata`), OpenAI and Google input includes it;
 *   Google output excludes reasoning (`thoughtsTokenCount`), the others
 *   include it.
 *
 * @example
 * ```ts
 * aiSdkUsage({
 *   'ai.operationId': 'ai.generateText.doGenerate',
 *   'ai.usage.inputTokens': 3500,
 *   'ai.usage.inputTokenDetails.noCacheTokens': 1000,
 *   'ai.usage.inputTokenDetails.cacheReadTokens': 2000,
 *   'ai.usage.inputTokenDetails.cacheWriteTokens': 500,
 *   'ai.usage.outputTokens': 300,
 * }, 'anthropic.messages')?.inputTokens; // 1000
 * ```
 */
export function aiSdkUsage(
  attributes: Attributes,
  provider: string,
): TokenUsage | undefined {
  const embedded = countAt(attributes, AI_SDK.embedTokens);
  const input = firstCount(attributes, AI_SDK.input);
  const output = firstCount(attributes, AI_SDK.output);

  if (input === undefined && output === undefined) {
    return embedded === undefined
      ? undefined
      : tokenUsage({ inputTokens: embedded });
  }

  return hasAny(attributes, V6_DETAILS)
    ? v6Usage(attributes, input ?? 0, output ?? 0)
    : v5Usage(attributes, provider, input ?? 0, output ?? 0);
}

function v6Usage(
  attributes: Attributes,
  input: number,
  output: number,
): TokenUsage {
  const cacheReadTokens = countAt(attributes, AI_SDK.cacheRead) ?? 0;
  const cacheWriteTokens = countAt(attributes, AI_SDK.cacheWrite) ?? 0;
  const reasoningTokens = countAt(attributes, AI_SDK.outputReasoning) ?? 0;
  const text = countAt(attributes, AI_SDK.outputText);

  return tokenUsage({
    inputTokens:
      countAt(attributes, AI_SDK.noCache) ??
      input - cacheReadTokens - cacheWriteTokens,
    cacheReadTokens,
    cacheWriteTokens,
    outputTokens: output || (text ?? 0) + reasoningTokens,
    reasoningTokens,
  });
}

function v5Usage(
  attributes: Attributes,
  provider: string,
  input: number,
  output: number,
): TokenUsage {
  const rules = inclusionRules(provider);
  const metadata = providerMetadata(attributes, rules.metadataKey);
  const cacheReadTokens =
    countAt(attributes, AI_SDK.cachedInput) ?? metadata.cacheRead ?? 0;
  const cacheWriteTokens = metadata.cacheWrite ?? 0;
  const reasoningTokens =
    countAt(attributes, AI_SDK.reasoning) ?? metadata.reasoning ?? 0;

  return tokenUsage({
    inputTokens: rules.inputExcludesCache
      ? input
      : input - cacheReadTokens - cacheWriteTokens,
    cacheReadTokens,
    cacheWriteTokens,
    outputTokens: rules.outputExcludesReasoning
      ? output + reasoningTokens
      : output,
    reasoningTokens,
  });
}

interface InclusionRules {
  inputExcludesCache: boolean;
  outputExcludesReasoning: boolean;
  metadataKey: 'anthropic' | 'openai' | undefined;
}

// Per the v4/v5 providers: @ai-sdk/anthropic and @ai-sdk/amazon-bedrock pass
// input_tokens/inputTokens on (cache excluded); @ai-sdk/google passes
// candidatesTokenCount as output and thoughtsTokenCount beside it.
function inclusionRules(provider: string): InclusionRules {
  const id = provider.toLowerCase();
  const anthropic = id.includes('anthropic');
  const google = id.startsWith('google') || id.startsWith('vertex');

  return {
    inputExcludesCache: anthropic || id.startsWith('amazon-bedrock'),
    outputExcludesReasoning: google && !anthropic,
    metadataKey: anthropic
      ? 'anthropic'
      : id.startsWith('openai')
        ? 'openai'
        : undefined,
  };
}

interface MetadataCounts {
  cacheRead?: number | undefined;
  cacheWrite?: number | undefined;
  reasoning?: number | undefined;
}

// `ai.response.providerMetadata` is JSON: v4/v5 Anthropic report cache
// writes (and v4 cache reads) only there, v4 OpenAI its cached prompt and
// reasoning counts.
function providerMetadata(
  attributes: Attributes,
  key: InclusionRules['metadataKey'],
): MetadataCounts {
  const json = attributes[AI_SDK.providerMetadata];
  if (key === undefined || typeof json !== 'string') return {};

  const entry = parseObject(json)?.[key];
  if (typeof entry !== 'object' || entry === null) return {};

  const counts = entry as Record<string, unknown>;
  return key === 'anthropic'
    ? {
        cacheRead: numberOrUndefined(counts['cacheReadInputTokens']),
        cacheWrite: numberOrUndefined(counts['cacheCreationInputTokens']),
      }
    : {
        cacheRead: numberOrUndefined(counts['cachedPromptTokens']),
        reasoning: numberOrUndefined(counts['reasoningTokens']),
      };
}

function parseObject(json: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
