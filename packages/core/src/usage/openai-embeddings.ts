import { type TokenUsage, tokenUsage } from '../schema.js';
import { requireCount, type UsageRecord } from './counts.js';
import type { UsageShapeSpec } from './spec.js';

const SHAPE = 'openai.embeddings';

/**
 * OpenAI Embeddings: only `prompt_tokens` (and `total_tokens`, equal to
 * it) are reported; everything is uncached input.
 * https://platform.openai.com/docs/api-reference/embeddings/object
 */
export const openaiEmbeddings: UsageShapeSpec = {
  shape: SHAPE,
  paths: [['usage']],
  markers: ['prompt_tokens', 'total_tokens'],
  missingHint:
    'Embedding responses always carry usage: pass the response body or its usage.',
  normalize: normalizeOpenaiEmbeddings,
};

function normalizeOpenaiEmbeddings(usage: UsageRecord): TokenUsage {
  return tokenUsage({
    inputTokens: requireCount(
      SHAPE,
      usage.prompt_tokens,
      'usage.prompt_tokens',
    ),
  });
}
