import { describe, expect, it } from 'vitest';
import { openaiResponses } from '../../test/usage-fixtures.js';
import { UsageError, UsageMissingError } from '../errors.js';
import { tokenUsage } from '../schema.js';
import { normalizeUsage } from './normalize.js';

describe('normalizeUsage openai.responses', () => {
  it.each([
    {
      name: 'a cache hit in a whole response',
      raw: openaiResponses.cacheRead,
      // 12033 input includes 11904 cached: 129 uncached.
      expected: tokenUsage({
        inputTokens: 129,
        outputTokens: 44,
        cacheReadTokens: 11_904,
      }),
    },
    {
      name: 'a cold cache write',
      raw: openaiResponses.cacheWrite,
      // 9658 - 9655 written = 3 uncached; reasoning 25 inside output 42.
      expected: tokenUsage({
        inputTokens: 3,
        outputTokens: 42,
        cacheWriteTokens: 9655,
        reasoningTokens: 25,
      }),
    },
    {
      name: 'reasoning inside output_tokens',
      raw: openaiResponses.reasoning,
      expected: tokenUsage({
        inputTokens: 75,
        outputTokens: 1186,
        reasoningTokens: 1024,
      }),
    },
    {
      name: 'the response.completed stream event',
      raw: openaiResponses.completedEvent,
      // 2100 - 1920 cached = 180 uncached.
      expected: tokenUsage({
        inputTokens: 180,
        outputTokens: 300,
        cacheReadTokens: 1920,
        reasoningTokens: 128,
      }),
    },
  ])('should map $name', ({ raw, expected }) => {
    expect(normalizeUsage('openai.responses', raw)).toEqual(expected);
  });

  it('should point a stream event without usage at response.completed', () => {
    const event = { type: 'response.output_text.delta', delta: 'Hi' };

    expect(() => normalizeUsage('openai.responses', event)).toThrow(
      UsageMissingError,
    );
    expect(() => normalizeUsage('openai.responses', event)).toThrow(
      /response\.completed/,
    );
  });

  it('should reject a cached count larger than input_tokens', () => {
    const raw = {
      input_tokens: 1000,
      input_tokens_details: { cached_tokens: 1024 },
      output_tokens: 5,
    };

    expect(() => normalizeUsage('openai.responses', raw)).toThrow(UsageError);
  });
});
