import { describe, expect, it } from 'vitest';
import { bedrock } from '../../test/usage-fixtures.js';
import { tokenUsage } from '../schema.js';
import { normalizeUsage } from './normalize.js';

describe('normalizeUsage bedrock.converse', () => {
  it.each([
    {
      name: 'a whole Converse response',
      raw: bedrock.plain,
      expected: tokenUsage({ inputTokens: 30, outputTokens: 628 }),
    },
    {
      name: 'cache writes split by cacheDetails',
      raw: bedrock.cacheWriteByTtl,
      // inputTokens excludes the cache; 3000 written: 2000 for 1h, 1000 5m.
      expected: tokenUsage({
        inputTokens: 12,
        outputTokens: 300,
        cacheWriteTokens: 1000,
        cacheWrite1hTokens: 2000,
      }),
    },
    {
      name: 'a cache read beside the uncached input',
      raw: bedrock.cacheRead,
      expected: tokenUsage({
        inputTokens: 4,
        outputTokens: 120,
        cacheReadTokens: 2500,
      }),
    },
    {
      name: 'the metadata event of a ConverseStream',
      raw: bedrock.streamMetadataEvent,
      expected: tokenUsage({
        inputTokens: 210,
        outputTokens: 95,
        cacheReadTokens: 1000,
      }),
    },
    {
      name: 'cache writes without cacheDetails as 5-minute',
      raw: { inputTokens: 3, outputTokens: 9, cacheWriteInputTokens: 1200 },
      expected: tokenUsage({
        inputTokens: 3,
        outputTokens: 9,
        cacheWriteTokens: 1200,
      }),
    },
  ])('should map $name', ({ raw, expected }) => {
    expect(normalizeUsage('bedrock.converse', raw)).toEqual(expected);
  });

  it('should reject cacheDetails larger than the writes', () => {
    const raw = {
      inputTokens: 1,
      outputTokens: 1,
      cacheWriteInputTokens: 100,
      cacheDetails: [{ ttl: '1h', inputTokens: 101 }],
    };

    expect(() =>
      normalizeUsage('bedrock.converse', raw),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: Invalid bedrock.converse usage: the sum of usage.cacheDetails[].inputTokens (101) is larger than usage.cacheWriteInputTokens (100), which includes it. The counts contradict each other; pass the provider's usage object unchanged. See docs/usage-semantics.md for the fields each shape reads.]`,
    );
  });

  it('should reject a TTL it cannot price', () => {
    const raw = {
      inputTokens: 1,
      outputTokens: 1,
      cacheWriteInputTokens: 100,
      cacheDetails: [{ ttl: '24h', inputTokens: 100 }],
    };

    expect(() =>
      normalizeUsage('bedrock.converse', raw),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: Invalid bedrock.converse usage: usage.cacheDetails[].ttl is the string "24h"; expected "5m" or "1h". See docs/usage-semantics.md for the fields each shape reads.]`,
    );
  });
});
