import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { tokenUsage } from '../schema.js';
import { priceUsage } from './price.js';

describe('priceUsage input checks', () => {
  describe('when the call itself is malformed', () => {
    it('should be unpriced for a non-string model or a non-Date time', () => {
      const usage = tokenUsage({ inputTokens: 1 });
      const noModel = { provider: 'openai', model: 42, usage } as never;
      const stringTime = {
        provider: 'openai',
        model: 'gpt-4o',
        usage,
        at: '2026-01-01',
      } as never;

      expect(priceUsage(noModel).priced).toBe(false);
      expect(priceUsage(stringTime)).toMatchObject({ priced: false });
    });

    it('should reject a catalog not made by createCatalog', () => {
      const call = { provider: 'openai', model: 'gpt-4o', usage: tokenUsage() };
      const fake = {
        entries: [],
        resolve: () => null,
        find: () => null,
        history: () => [],
      };

      expect(() => priceUsage(call, fake)).toThrow(/createCatalog/);
    });
  });

  describe('when there is no call at all', () => {
    it('should throw UsageError saying what a call is', () => {
      const missing = undefined as never;

      expect(() => priceUsage(missing)).toThrow(UsageError);
      expect(() => priceUsage(missing)).toThrow(
        'priceUsage needs a call { provider, model, usage, at? }, got undefined; see docs/pricing.md.',
      );
    });
  });

  describe('when the usage is invalid', () => {
    it.each([
      ['negative', { inputTokens: -1 }],
      ['fractional', { outputTokens: 1.5 }],
      ['not a number', { cacheReadTokens: Number.NaN }],
      ['absurd', { inputTokens: 100_000_001 }],
      ['audio above input', { inputTokens: 1, audioInputTokens: 2 }],
      ['negative pages', { pages: -3 }],
    ])('should throw UsageError for a %s count', (_, partial) => {
      const call = {
        provider: 'openai',
        model: 'gpt-4o',
        usage: tokenUsage(partial),
      };

      expect(() => priceUsage(call)).toThrow(UsageError);
    });
  });
});
