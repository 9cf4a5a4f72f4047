import type { TokenUsage } from '../schema.js';
import {
  optionalCount,
  optionalRecord,
  requireCount,
  type UsageRecord,
} from './counts.js';
import { fromInclusiveCounts, type InclusiveFields } from './inclusive.js';
import type { UsageShapeSpec } from './spec.js';

const SHAPE = 'openai.chat';

const FIELDS: InclusiveFields = {
  prompt: 'usage.prompt_tokens',
  cacheRead: 'usage.prompt_tokens_details.cached_tokens',
  cacheWrite: 'usage.prompt_tokens_details.cache_write_tokens',
  audioInput: 'usage.prompt_tokens_details.audio_tokens',
  completion: 'usage.completion_tokens',
  reasoning: 'usage.completion_tokens_details.reasoning_tokens',
  audioOutput: 'usage.completion_tokens_details.audio_tokens',
  cacheParts: 'usage.prompt_tokens_details.cached_tokens + cache_write_tokens',
  outputParts:
    'usage.completion_tokens_details.reasoning_tokens + audio_tokens',
};

/**
 * OpenAI Chat Completions: `prompt_tokens` includes cached, cache-write and
 * audio tokens; `completion_tokens` includes reasoning and audio tokens.
 * https://platform.openai.com/docs/api-reference/chat/object
 */
export const openaiChat: UsageShapeSpec = {
  shape: SHAPE,
  paths: [['usage']],
  markers: ['prompt_tokens', 'completion_tokens'],
  missingHint:
    'OpenAI chat streams report usage only when the request sets stream_options: { include_usage: true }; it then arrives in the last chunk, whose choices are empty.',
  normalize: normalizeOpenaiChat,
};

function normalizeOpenaiChat(usage: UsageRecord): TokenUsage {
  const prompt = optionalRecord(
    SHAPE,
    usage.prompt_tokens_details,
    'usage.prompt_tokens_details',
  );
  const completion = optionalRecord(
    SHAPE,
    usage.completion_tokens_details,
    'usage.completion_tokens_details',
  );

  return fromInclusiveCounts(
    SHAPE,
    {
      prompt: requireCount(SHAPE, usage.prompt_tokens, FIELDS.prompt),
      cacheRead: optionalCount(SHAPE, prompt?.cached_tokens, FIELDS.cacheRead),
      cacheWrite: optionalCount(
        SHAPE,
        prompt?.cache_write_tokens,
        FIELDS.cacheWrite,
      ),
      audioInput: optionalCount(SHAPE, prompt?.audio_tokens, FIELDS.audioInput),
      completion: requireCount(
        SHAPE,
        usage.completion_tokens,
        FIELDS.completion,
      ),
      reasoning: optionalCount(
        SHAPE,
        completion?.reasoning_tokens,
        FIELDS.reasoning,
      ),
      audioOutput: optionalCount(
        SHAPE,
        completion?.audio_tokens,
        FIELDS.audioOutput,
      ),
    },
    FIELDS,
  );
}
