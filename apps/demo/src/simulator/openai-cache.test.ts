import { describe, expect, it } from 'vitest';
import { applyOpenAICache } from './openai-cache.js';
import { PromptCache } from './prompt-cache.js';

const MINUTE = 60_000;

function prompt(shared: number, tail: string, tailLength: number): string[] {
  return [
    ...Array.from({ length: shared }, (_, index) => `s${index}`),
    ...Array.from({ length: tailLength }, (_, index) => `${tail}${index}`),
  ];
}

describe('applyOpenAICache', () => {
  it('should not cache prompts under 1024 tokens', () => {
    const cache = new PromptCache();
    const short = prompt(1023, 'x', 0);

    applyOpenAICache(cache, 'gpt-5', short, 0);

    expect(applyOpenAICache(cache, 'gpt-5', short, MINUTE)).toBe(0);
    expect(cache.size).toBe(0);
  });

  it('should read the longest shared prefix in 128-token steps', () => {
    const cache = new PromptCache();

    // 1300 shared + 40 different: the first call writes 1024, 1152, 1280
    expect(applyOpenAICache(cache, 'gpt-5', prompt(1300, 'a', 40), 0)).toBe(0);
    // shared prefix 1300 -> the largest step inside it is 1280
    expect(
      applyOpenAICache(cache, 'gpt-5', prompt(1300, 'b', 40), MINUTE),
    ).toBe(1280);
  });

  it('should expire after 5 minutes without a hit', () => {
    const cache = new PromptCache();
    const tokens = prompt(1100, 'a', 0);

    applyOpenAICache(cache, 'gpt-5', tokens, 0);
    // hit at 4 min refreshes to 9 min; at 10 min it has expired
    expect(applyOpenAICache(cache, 'gpt-5', tokens, 4 * MINUTE)).toBe(1024);
    expect(applyOpenAICache(cache, 'gpt-5', tokens, 10 * MINUTE)).toBe(0);
  });
});
