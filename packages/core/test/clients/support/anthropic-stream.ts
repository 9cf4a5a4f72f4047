import { tokenUsage } from '../../../src/schema.js';

/**
 * The wire usage of `anthropic/stream.sse` (message_start: input 472,
 * cache read 2048) with `outputTokens` as the output count reached.
 */
export function anthropicStreamUsage(outputTokens: number) {
  return {
    input_tokens: 472,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 2048,
    cache_creation: {
      ephemeral_5m_input_tokens: 0,
      ephemeral_1h_input_tokens: 0,
    },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

/**
 * The stored token counts of `anthropic/stream.sse` read up to
 * `outputTokens` output tokens: input 472, cache read 2048.
 */
export function anthropicStreamTokens(outputTokens: number) {
  return tokenUsage({ inputTokens: 472, cacheReadTokens: 2048, outputTokens });
}
