import { UsageError } from '../errors.js';
import type { TokenUsage } from '../schema.js';
import {
  ensurePartOf,
  optionalCount,
  optionalRecord,
  requireCount,
  type UsageRecord,
} from './counts.js';
import type { UsageShapeSpec } from './spec.js';

const SHAPE = 'anthropic.messages';

/**
 * Anthropic Messages: `input_tokens` already excludes cache reads and
 * writes, and `cache_creation` splits the writes by TTL.
 * https://platform.claude.com/docs/en/build-with-claude/prompt-caching
 */
export const anthropicMessages: UsageShapeSpec = {
  shape: SHAPE,
  paths: [['usage'], ['message', 'usage']],
  markers: ['input_tokens', 'output_tokens'],
  missingHint:
    'Anthropic streams report usage in the message_start and message_delta events: pass the final message (stream.finalMessage()) or its usage.',
  normalize: normalizeAnthropic,
};

function normalizeAnthropic(usage: UsageRecord): TokenUsage {
  if (usage.input_tokens === undefined || usage.input_tokens === null) {
    throw deltaWithoutInput();
  }

  const inputTokens = requireCount(
    SHAPE,
    usage.input_tokens,
    'usage.input_tokens',
  );
  const outputTokens = requireCount(
    SHAPE,
    usage.output_tokens,
    'usage.output_tokens',
  );
  const cacheReadTokens = optionalCount(
    SHAPE,
    usage.cache_read_input_tokens,
    'usage.cache_read_input_tokens',
  );

  const writes = readCacheWrites(usage);
  const reasoningTokens = readThinkingTokens(usage, outputTokens);

  const result: TokenUsage = {
    inputTokens,
    outputTokens,
    cacheWriteTokens: writes.fiveMinute,
    cacheWrite1hTokens: writes.oneHour,
    cacheReadTokens,
    reasoningTokens,
    audioInputTokens: 0,
    audioOutputTokens: 0,
  };

  const webSearches = readWebSearches(usage);
  if (webSearches !== undefined) result.requests = webSearches;

  return result;
}

function deltaWithoutInput(): UsageError {
  return new UsageError(
    `Invalid ${SHAPE} usage: usage.input_tokens is missing; expected an integer count. A message_delta event alone may not carry the input side: pass the final message (stream.finalMessage()) or merge the message_start usage into it.`,
    { shape: SHAPE, field: 'usage.input_tokens' },
  );
}

function readCacheWrites(usage: UsageRecord) {
  const hasTotal =
    usage.cache_creation_input_tokens !== undefined &&
    usage.cache_creation_input_tokens !== null;
  const total = optionalCount(
    SHAPE,
    usage.cache_creation_input_tokens,
    'usage.cache_creation_input_tokens',
  );
  const split = optionalRecord(
    SHAPE,
    usage.cache_creation,
    'usage.cache_creation',
  );

  if (split === undefined) return { fiveMinute: total, oneHour: 0 };

  const fiveMinute = optionalCount(
    SHAPE,
    split.ephemeral_5m_input_tokens,
    'usage.cache_creation.ephemeral_5m_input_tokens',
  );
  const oneHour = optionalCount(
    SHAPE,
    split.ephemeral_1h_input_tokens,
    'usage.cache_creation.ephemeral_1h_input_tokens',
  );

  if (!hasTotal) return { fiveMinute, oneHour };

  ensurePartOf(
    SHAPE,
    fiveMinute + oneHour,
    'usage.cache_creation.ephemeral_5m_input_tokens + ephemeral_1h_input_tokens',
    total,
    'usage.cache_creation_input_tokens',
  );

  // A write the split does not attribute keeps the default 5-minute TTL.
  return { fiveMinute: total - oneHour, oneHour };
}

function readThinkingTokens(usage: UsageRecord, outputTokens: number): number {
  const details = optionalRecord(
    SHAPE,
    usage.output_tokens_details,
    'usage.output_tokens_details',
  );
  if (details === undefined) return 0;

  const thinking = optionalCount(
    SHAPE,
    details.thinking_tokens,
    'usage.output_tokens_details.thinking_tokens',
  );
  ensurePartOf(
    SHAPE,
    thinking,
    'usage.output_tokens_details.thinking_tokens',
    outputTokens,
    'usage.output_tokens',
  );

  return thinking;
}

function readWebSearches(usage: UsageRecord): number | undefined {
  const serverTools = optionalRecord(
    SHAPE,
    usage.server_tool_use,
    'usage.server_tool_use',
  );
  if (serverTools === undefined) return undefined;

  // Only web search is billed per request; web fetch costs tokens alone.
  return optionalCount(
    SHAPE,
    serverTools.web_search_requests,
    'usage.server_tool_use.web_search_requests',
  );
}
