import { describe, expect, it } from 'vitest';
import { applyAnthropicCache, type PromptBlock } from './anthropic-cache.js';
import { PromptCache } from './prompt-cache.js';

const MINUTE = 60_000;

function block(
  id: string,
  tokens: number,
  breakpointTtl?: '5m' | '1h',
): PromptBlock {
  return { tokens, prefixHash: id, breakpointTtl };
}

describe('applyAnthropicCache', () => {
  describe('when a 5-minute breakpoint closes a 1,200-token prefix', () => {
    const blocks = [block('sys', 1200, '5m'), block('sys+q', 16)];

    it('should write it, read it, refresh it on hit and expire it', () => {
      const cache = new PromptCache();
      const at = (minutes: number) =>
        applyAnthropicCache(cache, 'm', 1024, blocks, minutes * MINUTE);

      // t=0: nothing cached -> 1200 written (5m), the 16-token question is input
      expect(at(0)).toEqual({
        inputTokens: 16,
        cacheReadTokens: 0,
        cacheWrite5mTokens: 1200,
        cacheWrite1hTokens: 0,
      });
      // t=4: alive (expires at 5) -> read; the hit moves expiry to 9
      expect(at(4).cacheReadTokens).toBe(1200);
      // t=8: alive only because the hit at 4 refreshed it
      expect(at(8).cacheReadTokens).toBe(1200);
      // t=14: expired at 13 -> written again
      expect(at(14)).toMatchObject({
        cacheReadTokens: 0,
        cacheWrite5mTokens: 1200,
      });
    });
  });

  describe('when the prefix is below the model minimum', () => {
    it('should neither read nor write', () => {
      const cache = new PromptCache();
      const blocks = [block('sys', 3000, '5m'), block('q', 16)];

      // Haiku 4.5 caches from 4096 tokens: 3000 + 16 all plain input, twice
      for (const minute of [0, 1]) {
        expect(
          applyAnthropicCache(cache, 'haiku', 4096, blocks, minute * MINUTE),
        ).toEqual({
          inputTokens: 3016,
          cacheReadTokens: 0,
          cacheWrite5mTokens: 0,
          cacheWrite1hTokens: 0,
        });
      }
    });
  });

  describe('when a 1-hour breakpoint precedes a 5-minute one', () => {
    it('should split the write by TTL and keep the 1-hour part longer', () => {
      const cache = new PromptCache();
      const blocks = [
        block('guide', 1100, '1h'),
        block('guide+paper', 300, '5m'),
        block('q', 16),
      ];

      // t=0: 1100 at 1h, the next 300 at 5m
      expect(applyAnthropicCache(cache, 'm', 1024, blocks, 0)).toEqual({
        inputTokens: 16,
        cacheReadTokens: 0,
        cacheWrite5mTokens: 300,
        cacheWrite1hTokens: 1100,
      });
      // t=10 min: the 5m entry is gone, the 1h entry hits -> read 1100, rewrite 300
      expect(
        applyAnthropicCache(cache, 'm', 1024, blocks, 10 * MINUTE),
      ).toEqual({
        inputTokens: 16,
        cacheReadTokens: 1100,
        cacheWrite5mTokens: 300,
        cacheWrite1hTokens: 0,
      });
    });
  });

  describe('when an earlier breakpoint is below the minimum', () => {
    it('should fold its tokens into the next breakpoint written', () => {
      const cache = new PromptCache();
      const blocks = [block('a', 500, '5m'), block('ab', 700, '5m')];

      // 500 < 1024 is not cached alone; 0..1200 is written under the second
      expect(applyAnthropicCache(cache, 'm', 1024, blocks, 0)).toEqual({
        inputTokens: 0,
        cacheReadTokens: 0,
        cacheWrite5mTokens: 1200,
        cacheWrite1hTokens: 0,
      });
    });
  });

  describe('when the breakpoint moved past a block that was cached before', () => {
    it('should find the earlier entry within the 20-block lookback', () => {
      const cache = new PromptCache();
      const turn1 = [block('sys', 2000, '5m'), block('sys+q1', 50)];
      const turn2 = [
        block('sys', 2000),
        block('sys+q1', 50),
        block('sys+q1+a1', 150, '5m'),
      ];

      applyAnthropicCache(cache, 'm', 1024, turn1, 0);

      // 'sys' was cached by turn 1 and is 2 blocks before turn 2's breakpoint
      expect(applyAnthropicCache(cache, 'm', 1024, turn2, MINUTE)).toEqual({
        inputTokens: 0,
        cacheReadTokens: 2000,
        cacheWrite5mTokens: 200,
        cacheWrite1hTokens: 0,
      });
    });
  });

  describe('when another model cached the same prefix', () => {
    it('should not share the entry', () => {
      const cache = new PromptCache();
      const blocks = [block('sys', 2000, '5m')];

      applyAnthropicCache(cache, 'sonnet', 1024, blocks, 0);

      expect(
        applyAnthropicCache(cache, 'opus', 1024, blocks, MINUTE)
          .cacheReadTokens,
      ).toBe(0);
    });
  });
});
