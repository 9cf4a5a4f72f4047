import { describe, expect, it } from 'vitest';
import { openaiChat } from '../../test/usage-fixtures.js';
import { UsageMissingError } from '../errors.js';
import { tokenUsage } from '../schema.js';
import { normalizeUsage } from './normalize.js';

describe('normalizeUsage openai.chat', () => {
  it.each([
    {
      name: 'cached and reasoning tokens (acceptance case)',
      raw: openaiChat.cachedReasoning,
      // prompt 2500 includes 2048 cached: 2500 - 2048 = 452 uncached.
      // completion 400 includes reasoning 256: output stays 400.
      expected: tokenUsage({
        inputTokens: 452,
        outputTokens: 400,
        cacheReadTokens: 2048,
        reasoningTokens: 256,
      }),
    },
    {
      name: 'the acceptance case as a bare usage object',
      raw: openaiChat.cachedReasoning.usage,
      expected: tokenUsage({
        inputTokens: 452,
        outputTokens: 400,
        cacheReadTokens: 2048,
        reasoningTokens: 256,
      }),
    },
    {
      name: 'audio inside the prompt and completion totals',
      raw: openaiChat.audio,
      // nothing cached: input 180 of which audio 150; output 600 of
      // which audio 520.
      expected: tokenUsage({
        inputTokens: 180,
        outputTokens: 600,
        audioInputTokens: 150,
        audioOutputTokens: 520,
      }),
    },
    {
      name: 'cache writes inside prompt_tokens',
      raw: openaiChat.cacheWrite,
      // 9657 - 0 read - 9654 written = 3 uncached.
      expected: tokenUsage({
        inputTokens: 3,
        outputTokens: 78,
        cacheWriteTokens: 9654,
        reasoningTokens: 37,
      }),
    },
    {
      name: 'the final chunk of an include_usage stream',
      raw: openaiChat.finalStreamChunk,
      expected: tokenUsage({ inputTokens: 19, outputTokens: 10 }),
    },
    {
      name: 'audio partly served from the cache, capped at uncached input',
      raw: {
        prompt_tokens: 1000,
        completion_tokens: 5,
        prompt_tokens_details: { cached_tokens: 900, audio_tokens: 300 },
      },
      // 1000 - 900 = 100 uncached, so at most 100 of the audio is uncached.
      expected: tokenUsage({
        inputTokens: 100,
        outputTokens: 5,
        cacheReadTokens: 900,
        audioInputTokens: 100,
      }),
    },
  ])('should map $name', ({ raw, expected }) => {
    expect(normalizeUsage('openai.chat', raw)).toEqual(expected);
  });

  it('should tell how to get usage from a stream chunk without it', () => {
    const read = () =>
      normalizeUsage('openai.chat', openaiChat.streamChunkWithoutUsage);

    expect(read).toThrow(UsageMissingError);
    expect(read).toThrow(/stream_options: \{ include_usage: true \}/);
  });

  it('should reject cached plus written tokens beyond the prompt', () => {
    const raw = {
      prompt_tokens: 100,
      completion_tokens: 1,
      prompt_tokens_details: { cached_tokens: 64, cache_write_tokens: 37 },
    };

    expect(() =>
      normalizeUsage('openai.chat', raw),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: Invalid openai.chat usage: usage.prompt_tokens_details.cached_tokens + cache_write_tokens (101) is larger than usage.prompt_tokens (100), which includes it. The counts contradict each other; pass the provider's usage object unchanged. See docs/usage-semantics.md for the fields each shape reads.]`,
    );
  });

  it('should reject reasoning plus audio beyond the completion', () => {
    const raw = {
      prompt_tokens: 10,
      completion_tokens: 100,
      completion_tokens_details: { reasoning_tokens: 60, audio_tokens: 41 },
    };

    expect(() =>
      normalizeUsage('openai.chat', raw),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: Invalid openai.chat usage: usage.completion_tokens_details.reasoning_tokens + audio_tokens (101) is larger than usage.completion_tokens (100), which includes it. The counts contradict each other; pass the provider's usage object unchanged. See docs/usage-semantics.md for the fields each shape reads.]`,
    );
  });
});
