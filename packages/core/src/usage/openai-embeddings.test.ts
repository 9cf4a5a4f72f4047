import { describe, expect, it } from 'vitest';
import { openaiEmbeddings } from '../../test/usage-fixtures.js';
import { UsageError } from '../errors.js';
import { tokenUsage } from '../schema.js';
import { normalizeUsage } from './normalize.js';

describe('normalizeUsage openai.embeddings', () => {
  it.each([
    {
      name: 'a whole embeddings response',
      raw: openaiEmbeddings.body,
      expected: tokenUsage({ inputTokens: 8 }),
    },
    {
      name: 'the bare usage object',
      raw: { prompt_tokens: 8191, total_tokens: 8191 },
      expected: tokenUsage({ inputTokens: 8191 }),
    },
    {
      name: 'usage without total_tokens',
      raw: { prompt_tokens: 42 },
      expected: tokenUsage({ inputTokens: 42 }),
    },
    {
      name: 'an empty input',
      raw: { usage: { prompt_tokens: 0, total_tokens: 0 } },
      expected: tokenUsage(),
    },
  ])('should map $name', ({ raw, expected }) => {
    expect(normalizeUsage('openai.embeddings', raw)).toEqual(expected);
  });

  it('should require prompt_tokens', () => {
    expect(() =>
      normalizeUsage('openai.embeddings', { total_tokens: 8 }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: Invalid openai.embeddings usage: usage.prompt_tokens is missing; expected an integer count from 0 to 100000000. See docs/usage-semantics.md for the fields each shape reads.]`,
    );
  });

  it('should reject a fractional prompt_tokens', () => {
    expect(() =>
      normalizeUsage('openai.embeddings', { prompt_tokens: 8.5 }),
    ).toThrow(UsageError);
  });
});
