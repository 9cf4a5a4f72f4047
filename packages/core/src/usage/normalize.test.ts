import { describe, expect, it } from 'vitest';
import { TokenledgerError, UsageError, UsageMissingError } from '../errors.js';
import type { ApiShape } from '../schema.js';
import { normalizeUsage } from './normalize.js';

/** A valid chat usage with one field replaced. */
function chatUsage(promptTokens: unknown) {
  return { prompt_tokens: promptTokens, completion_tokens: 10 };
}

function caught(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}

describe('normalizeUsage', () => {
  describe('when a count is bad', () => {
    it.each([
      { kind: 'missing', value: undefined, says: 'is missing' },
      { kind: 'null', value: null, says: 'is missing' },
      { kind: 'negative', value: -1, says: 'is negative (-1)' },
      { kind: 'fractional', value: 12.5, says: 'not a whole number (12.5)' },
      { kind: 'NaN', value: Number.NaN, says: 'is NaN' },
      { kind: 'infinite', value: Number.POSITIVE_INFINITY, says: 'Infinity' },
      { kind: 'a string', value: '12', says: 'the string "12"' },
      { kind: 'absurd', value: 100_000_001, says: 'is 100000001, an absurd' },
      { kind: 'a boolean', value: true, says: 'is boolean true' },
    ])('should throw a UsageError when it is $kind', ({ value, says }) => {
      const error = caught(() =>
        normalizeUsage('openai.chat', chatUsage(value)),
      );

      expect(error.code).toBe('INVALID_USAGE');
      expect(error.shape).toBe('openai.chat');
      expect(error.field).toBe('usage.prompt_tokens');
      expect(error.message).toContain(says);
      expect(error.message).toContain('openai.chat');
      expect(error.message).toContain('expected an integer count from 0');
    });

    it('should accept the largest plausible count', () => {
      const usage = normalizeUsage('openai.chat', chatUsage(100_000_000));

      expect(usage.inputTokens).toBe(100_000_000);
    });
  });

  describe('when classes that are each plausible add up past the bound', () => {
    it.each<[ApiShape, unknown]>([
      [
        'anthropic.messages',
        {
          input_tokens: 60_000_000,
          output_tokens: 1,
          cache_read_input_tokens: 40_000_001,
        },
      ],
      [
        'bedrock.converse',
        {
          inputTokens: 50_000_000,
          outputTokens: 1,
          cacheReadInputTokens: 50_000_000,
          cacheWriteInputTokens: 1,
        },
      ],
    ])('should throw a UsageError for %s naming the sum', (shape, raw) => {
      const error = caught(() => normalizeUsage(shape, raw));

      expect(error.code).toBe('INVALID_USAGE');
      expect(error.message).toContain('add up to 100000001');
    });

    it('should accept a prompt of exactly the bound in sum', () => {
      const usage = normalizeUsage('anthropic.messages', {
        input_tokens: 60_000_000,
        output_tokens: 1,
        cache_read_input_tokens: 40_000_000,
      });

      expect(usage.inputTokens + usage.cacheReadTokens).toBe(100_000_000);
    });
  });

  describe('when a part is larger than its whole', () => {
    it.each<[ApiShape, unknown, string]>([
      [
        'openai.chat',
        {
          prompt_tokens: 2000,
          completion_tokens: 1,
          prompt_tokens_details: { cached_tokens: 2048 },
        },
        'usage.prompt_tokens_details.cached_tokens + cache_write_tokens',
      ],
      [
        'openai.responses',
        {
          input_tokens: 10,
          output_tokens: 5,
          output_tokens_details: { reasoning_tokens: 6 },
        },
        'usage.output_tokens_details.reasoning_tokens',
      ],
      [
        'gemini.generateContent',
        { promptTokenCount: 10, cachedContentTokenCount: 11 },
        'usageMetadata.cachedContentTokenCount',
      ],
      [
        'mistral.chat',
        { promptTokens: 1, completionTokens: 1, num_cached_tokens: 2 },
        'usage.prompt_tokens_details.cached_tokens',
      ],
    ])('should throw a UsageError for %s', (shape, raw, field) => {
      const error = caught(() => normalizeUsage(shape, raw));

      expect(error.code).toBe('INVALID_USAGE');
      expect(error.field).toBe(field);
      expect(error.message).toContain('is larger than');
    });
  });

  describe('when the shape is unknown', () => {
    it('should throw a UsageError with code UNKNOWN_SHAPE', () => {
      const error = caught(() =>
        normalizeUsage('cohere.chat' as ApiShape, { input_tokens: 1 }),
      );

      expect(error.code).toBe('UNKNOWN_SHAPE');
      expect(error.message).toMatchInlineSnapshot(
        `"Unknown API shape "cohere.chat": expected one of anthropic.messages, openai.chat, openai.responses, openai.embeddings, gemini.generateContent, bedrock.converse, mistral.chat, mistral.ocr. Pass the shape of the API that produced the usage."`,
      );
    });

    it('should not resolve names inherited from Object.prototype', () => {
      expect(() =>
        normalizeUsage('toString' as ApiShape, { input_tokens: 1 }),
      ).toThrow(UsageError);
    });
  });

  describe('when the response carries no usage', () => {
    it.each<[ApiShape, unknown, RegExp]>([
      ['openai.chat', undefined, /include_usage/],
      ['openai.chat', { id: 'chatcmpl-1', choices: [] }, /include_usage/],
      ['openai.responses', null, /response\.completed/],
      ['anthropic.messages', { type: 'ping' }, /finalMessage/],
      ['gemini.generateContent', { candidates: [] }, /last chunk/],
      ['bedrock.converse', { contentBlockDelta: {} }, /metadata event/],
      ['mistral.chat', { data: { choices: [] } }, /last chunk/],
      ['mistral.ocr', { pages: [] }, /usage_info/],
      ['openai.embeddings', { data: [] }, /always carry usage/],
    ])('should throw a UsageMissingError for %s', (shape, raw, hint) => {
      const error = caught(() => normalizeUsage(shape, raw));

      expect(error).toBeInstanceOf(UsageMissingError);
      expect(error).toBeInstanceOf(TokenledgerError);
      expect(error.code).toBe('USAGE_MISSING');
      expect(error.shape).toBe(shape);
      expect(error.message).toMatch(hint);
    });

    it('should say what it looked for', () => {
      const error = caught(() =>
        normalizeUsage('openai.chat', { id: 'chatcmpl-1', usage: null }),
      );

      expect(error.message).toMatchInlineSnapshot(
        `"No openai.chat usage in the response (found none of prompt_tokens, completion_tokens, usage). OpenAI chat streams report usage only when the request sets stream_options: { include_usage: true }; it then arrives in the last chunk, whose choices are empty."`,
      );
    });
  });

  describe('when raw is not an object', () => {
    it.each([
      ['a number', 42],
      ['a string', '{"prompt_tokens":1}'],
      ['an array', [{ prompt_tokens: 1 }]],
    ])('should throw an INVALID_USAGE UsageError for %s', (_, raw) => {
      const error = caught(() => normalizeUsage('openai.chat', raw));

      expect(error).not.toBeInstanceOf(UsageMissingError);
      expect(error.code).toBe('INVALID_USAGE');
    });

    it('should reject a usage field that is not an object', () => {
      const error = caught(() =>
        normalizeUsage('anthropic.messages', { id: 'msg_1', usage: 'n/a' }),
      );

      expect(error.field).toBe('usage');
      expect(error.code).toBe('INVALID_USAGE');
    });

    it('should reject a details field that is not an object', () => {
      const error = caught(() =>
        normalizeUsage('openai.chat', {
          prompt_tokens: 1,
          completion_tokens: 1,
          prompt_tokens_details: [2],
        }),
      );

      expect(error.field).toBe('usage.prompt_tokens_details');
    });
  });
});
