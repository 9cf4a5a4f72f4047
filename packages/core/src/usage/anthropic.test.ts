import { describe, expect, it } from 'vitest';
import { anthropic } from '../../test/usage-fixtures.js';
import { UsageError } from '../errors.js';
import { tokenUsage } from '../schema.js';
import { normalizeUsage } from './normalize.js';

describe('normalizeUsage anthropic.messages', () => {
  it.each([
    {
      name: 'the cache_creation TTL split (acceptance case)',
      raw: anthropic.cacheWriteByTtl,
      // input_tokens already excludes the cache: 12 stays 12.
      // cache_creation: 5m 1000, 1h 2000 (they add up to 3000).
      expected: tokenUsage({
        inputTokens: 12,
        outputTokens: 300,
        cacheWriteTokens: 1000,
        cacheWrite1hTokens: 2000,
      }),
    },
    {
      name: 'a cache read with thinking and web searches',
      raw: anthropic.cacheReadThinkingSearch,
      // 100000 read from the cache beside 50 uncached; thinking 1100 is
      // inside output 1500; 2 web searches are billed, the fetch is not.
      expected: tokenUsage({
        inputTokens: 50,
        outputTokens: 1500,
        cacheReadTokens: 100_000,
        reasoningTokens: 1100,
        requests: 2,
      }),
    },
    {
      name: 'cache_creation_input_tokens alone as 5-minute writes',
      raw: anthropic.legacyCacheWrite,
      expected: tokenUsage({
        inputTokens: 20,
        outputTokens: 80,
        cacheWriteTokens: 1500,
      }),
    },
    {
      name: 'the message_start event, with null cache counts',
      raw: anthropic.messageStartEvent,
      expected: tokenUsage({ inputTokens: 472, outputTokens: 2 }),
    },
    {
      name: 'a split without the total',
      raw: {
        input_tokens: 5,
        output_tokens: 7,
        cache_creation: {
          ephemeral_5m_input_tokens: 30,
          ephemeral_1h_input_tokens: 40,
        },
      },
      expected: tokenUsage({
        inputTokens: 5,
        outputTokens: 7,
        cacheWriteTokens: 30,
        cacheWrite1hTokens: 40,
      }),
    },
    {
      name: 'a write the split does not attribute as 5-minute',
      raw: {
        input_tokens: 1,
        output_tokens: 1,
        cache_creation_input_tokens: 100,
        cache_creation: {
          ephemeral_5m_input_tokens: 0,
          ephemeral_1h_input_tokens: 60,
        },
      },
      // 100 written, 60 of them for 1 hour: the other 40 default to 5m.
      expected: tokenUsage({
        inputTokens: 1,
        outputTokens: 1,
        cacheWriteTokens: 40,
        cacheWrite1hTokens: 60,
      }),
    },
  ])('should map $name', ({ raw, expected }) => {
    expect(normalizeUsage('anthropic.messages', raw)).toEqual(expected);
  });

  it('should reject a TTL split larger than the total write', () => {
    const raw = {
      input_tokens: 1,
      output_tokens: 1,
      cache_creation_input_tokens: 100,
      cache_creation: {
        ephemeral_5m_input_tokens: 50,
        ephemeral_1h_input_tokens: 60,
      },
    };

    expect(() =>
      normalizeUsage('anthropic.messages', raw),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: Invalid anthropic.messages usage: usage.cache_creation.ephemeral_5m_input_tokens + ephemeral_1h_input_tokens (110) is larger than usage.cache_creation_input_tokens (100), which includes it. The counts contradict each other; pass the provider's usage object unchanged. See docs/usage-semantics.md for the fields each shape reads.]`,
    );
  });

  it('should explain a message_delta usage without input_tokens', () => {
    const delta = {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: null, output_tokens: 15 },
    };

    expect(() => normalizeUsage('anthropic.messages', delta)).toThrow(
      /stream\.finalMessage\(\)/,
    );
  });

  it('should reject thinking tokens beyond the output', () => {
    const raw = {
      input_tokens: 1,
      output_tokens: 10,
      output_tokens_details: { thinking_tokens: 11 },
    };

    expect(() => normalizeUsage('anthropic.messages', raw)).toThrow(UsageError);
  });
});
