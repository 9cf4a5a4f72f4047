import { describe, expect, it } from 'vitest';
import { mistral } from '../../test/usage-fixtures.js';
import { UsageError } from '../errors.js';
import { tokenUsage } from '../schema.js';
import { normalizeUsage } from './normalize.js';

describe('normalizeUsage mistral.chat', () => {
  it.each([
    {
      name: 'a prompt-cache hit on the wire',
      raw: mistral.cachedWire,
      // prompt_tokens 1200 includes 1024 cached: 176 uncached.
      expected: tokenUsage({
        inputTokens: 176,
        outputTokens: 90,
        cacheReadTokens: 1024,
      }),
    },
    {
      name: 'the same hit as the TS SDK returns it',
      raw: mistral.cachedSdk,
      expected: tokenUsage({
        inputTokens: 176,
        outputTokens: 90,
        cacheReadTokens: 1024,
      }),
    },
    {
      name: 'reasoning inside completion_tokens',
      raw: mistral.reasoning,
      expected: tokenUsage({
        inputTokens: 40,
        outputTokens: 900,
        reasoningTokens: 700,
      }),
    },
    {
      name: 'audio inside prompt_tokens',
      raw: mistral.audio,
      expected: tokenUsage({
        inputTokens: 3100,
        outputTokens: 45,
        audioInputTokens: 3000,
      }),
    },
    {
      name: 'the last event of a TS SDK stream',
      raw: mistral.sdkStreamEvent,
      expected: tokenUsage({ inputTokens: 15, outputTokens: 30 }),
    },
    {
      name: 'the older num_cached_tokens spelling',
      raw: { prompt_tokens: 500, completion_tokens: 5, num_cached_tokens: 448 },
      // 500 - 448 = 52 uncached.
      expected: tokenUsage({
        inputTokens: 52,
        outputTokens: 5,
        cacheReadTokens: 448,
      }),
    },
  ])('should map $name', ({ raw, expected }) => {
    expect(normalizeUsage('mistral.chat', raw)).toEqual(expected);
  });

  it('should name the camelCase field the SDK returned', () => {
    const raw = { promptTokens: -4, completionTokens: 1 };

    expect(() =>
      normalizeUsage('mistral.chat', raw),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: Invalid mistral.chat usage: usage.promptTokens is negative (-4); expected an integer count from 0 to 100000000. See docs/usage-semantics.md for the fields each shape reads.]`,
    );
  });

  it('should reject cached tokens beyond the prompt', () => {
    const raw = {
      prompt_tokens: 10,
      completion_tokens: 1,
      prompt_tokens_details: { cached_tokens: 64 },
    };

    expect(() => normalizeUsage('mistral.chat', raw)).toThrow(UsageError);
  });
});
