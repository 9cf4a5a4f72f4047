import type { TokenUsage } from '../schema.js';
import {
  optionalCount,
  optionalRecord,
  requireCount,
  type UsageRecord,
} from './counts.js';
import { fromInclusiveCounts, type InclusiveFields } from './inclusive.js';
import type { UsageShapeSpec } from './spec.js';

const SHAPE = 'openai.responses';

const FIELDS: InclusiveFields = {
  prompt: 'usage.input_tokens',
  cacheRead: 'usage.input_tokens_details.cached_tokens',
  cacheWrite: 'usage.input_tokens_details.cache_write_tokens',
  // The Responses API reports no audio breakdown.
  audioInput: 'usage.input_tokens_details (no audio count)',
  completion: 'usage.output_tokens',
  reasoning: 'usage.output_tokens_details.reasoning_tokens',
  audioOutput: 'usage.output_tokens_details (no audio count)',
  cacheParts: 'usage.input_tokens_details.cached_tokens + cache_write_tokens',
  outputParts: 'usage.output_tokens_details.reasoning_tokens',
};

/**
 * OpenAI Responses: `input_tokens` includes cached and cache-write tokens;
 * `output_tokens` includes reasoning tokens.
 * https://platform.openai.com/docs/api-reference/responses/object
 */
export const openaiResponses: UsageShapeSpec = {
  shape: SHAPE,
  paths: [['usage'], ['response', 'usage']],
  markers: ['input_tokens', 'output_tokens'],
  missingHint:
    'Responses streams report usage in the response.completed event: pass event.response (or the response from stream.finalResponse()).',
  normalize: normalizeOpenaiResponses,
};

function normalizeOpenaiResponses(usage: UsageRecord): TokenUsage {
  const input = optionalRecord(
    SHAPE,
    usage.input_tokens_details,
    'usage.input_tokens_details',
  );
  const output = optionalRecord(
    SHAPE,
    usage.output_tokens_details,
    'usage.output_tokens_details',
  );

  return fromInclusiveCounts(
    SHAPE,
    {
      prompt: requireCount(SHAPE, usage.input_tokens, FIELDS.prompt),
      cacheRead: optionalCount(SHAPE, input?.cached_tokens, FIELDS.cacheRead),
      cacheWrite: optionalCount(
        SHAPE,
        input?.cache_write_tokens,
        FIELDS.cacheWrite,
      ),
      audioInput: 0,
      completion: requireCount(SHAPE, usage.output_tokens, FIELDS.completion),
      reasoning: optionalCount(
        SHAPE,
        output?.reasoning_tokens,
        FIELDS.reasoning,
      ),
      audioOutput: 0,
    },
    FIELDS,
  );
}
