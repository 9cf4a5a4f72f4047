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
});
