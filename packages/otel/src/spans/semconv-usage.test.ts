import { tokenUsage } from '@tokenledger/core';
import { describe, expect, it } from 'vitest';
import { semconvUsage } from './semconv-usage.js';

describe('semconvUsage', () => {
  it('should return undefined without an input or output count', () => {
    expect(
      semconvUsage({ 'gen_ai.usage.cache_read.input_tokens': 10 }),
    ).toBeUndefined();
  });

  it('should take an output smaller than its reasoning as exclusive', () => {
    // Gemini's candidatesTokenCount passed on as output_tokens.
    expect(
      semconvUsage({
        'gen_ai.usage.input_tokens': 10000,
        'gen_ai.usage.output_tokens': 500,
        'gen_ai.usage.reasoning.output_tokens': 1200,
      }),
    ).toEqual(
      tokenUsage({
        inputTokens: 10000,
        outputTokens: 1700,
        reasoningTokens: 1200,
      }),
    );
  });

  it('should prefer the current names over the older ones', () => {
    expect(
      semconvUsage({
        'gen_ai.usage.input_tokens': 300,
        'gen_ai.usage.prompt_tokens': 999,
        'llm.usage.completion_tokens': 40,
        'gen_ai.usage.cache_read.input_tokens': 100,
        'gen_ai.usage.cache_read_input_tokens': 999,
      }),
    ).toEqual(
      tokenUsage({ inputTokens: 200, cacheReadTokens: 100, outputTokens: 40 }),
    );
  });

  describe('when the scope tells the inclusion', () => {
    const counts = {
      'gen_ai.usage.input_tokens': 4000,
      'gen_ai.usage.cache_read.input_tokens': 1500,
      'gen_ai.usage.cache_creation.input_tokens': 500,
      'gen_ai.usage.output_tokens': 300,
    };
    const parts = { cacheReadTokens: 1500, cacheWriteTokens: 500 };

    it('should keep an excluding input even when larger than its parts', () => {
      expect(semconvUsage(counts, 'excludes-cache')).toEqual(
        tokenUsage({ inputTokens: 4000, outputTokens: 300, ...parts }),
      );
    });

    it('should subtract the parts from an including input', () => {
      expect(semconvUsage(counts, 'includes-cache')).toEqual(
        tokenUsage({ inputTokens: 2000, outputTokens: 300, ...parts }),
      );
    });

    it('should pass on a negative input when an including count is too small, for the tracker to reject', () => {
      expect(
        semconvUsage(
          { ...counts, 'gen_ai.usage.input_tokens': 1000 },
          'includes-cache',
        )?.inputTokens,
      ).toBe(-1000);
    });
  });

  it('should read the oldest names, llm.usage.prompt_tokens and completion_tokens', () => {
    expect(
      semconvUsage({
        'llm.usage.prompt_tokens': 1200,
        'llm.usage.completion_tokens': 150,
        'llm.usage.total_tokens': 1350,
      }),
    ).toEqual(tokenUsage({ inputTokens: 1200, outputTokens: 150 }));
  });
});
