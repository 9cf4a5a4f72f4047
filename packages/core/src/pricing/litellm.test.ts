import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenUsage } from '../schema.js';
import { defaultCatalog } from './default-catalog.js';
import { importLiteLLMPrices, litellmEntries } from './litellm.js';
import { priceUsage } from './price.js';

const sample: unknown = JSON.parse(
  readFileSync(
    new URL('./fixtures/litellm-sample.json', import.meta.url),
    'utf8',
  ),
);
const options = { effectiveFrom: '2026-12-01' };
const at = new Date('2026-12-02T00:00:00Z');

describe('importLiteLLMPrices', () => {
  const catalog = importLiteLLMPrices(sample, options);

  it('should read per-token prices as exact per-million decimals', () => {
    const { entries } = litellmEntries(sample, options);
    const sonnet = entries.find((entry) => entry.model === 'claude-sonnet-4-5');

    expect(sonnet).toMatchObject({
      provider: 'anthropic',
      prices: {
        input: '3',
        output: '15',
        cacheWrite: '3.75',
        cacheWrite1h: '6',
        cacheRead: '0.3',
      },
      tiers: [
        {
          name: 'above-200k',
          promptTokensAbove: 200_000,
          // the row has no 1-hour field above 200k: it keeps its ratio to
          // input, 6 / 3 = 2x, on the tier's input: 2 x 6 = 12
          prices: {
            input: '6',
            output: '22.5',
            cacheWrite: '7.5',
            cacheWrite1h: '12',
            cacheRead: '0.6',
          },
        },
      ],
      batchMultiplier: '0.5',
    });
  });

  describe('when a long-context tier meets 1-hour cache writes', () => {
    // 150,001 input + 50,000 1-hour writes = 200,001 prompt tokens: the tier
    const usage = tokenUsage({
      inputTokens: 150_001,
      cacheWrite1hTokens: 50_000,
      outputTokens: 1000,
    });
    const price = (model: string) =>
      priceUsage({ provider: 'anthropic', model, usage, at }, catalog);

    it('should read the 1-hour above-200k field when the row has one', () => {
      const { entries } = litellmEntries(sample, options);
      const sonnet4 = entries.find(
        (entry) => entry.model === 'claude-sonnet-4',
      );

      expect(sonnet4?.tiers?.[0]?.prices.cacheWrite1h).toBe('12.5');
      // 150001 x 6 + 50000 x 12.5 + 1000 x 22.5
      // = 900,006 + 625,000 + 22,500 = 1,547,506 per million
      expect(price('claude-sonnet-4')).toMatchObject({
        totalUsd: '1.547506000',
        breakdown: { cacheWrite: '0.625000000' },
      });
    });

    it('should derive it from the ratio to input when the row has none', () => {
      // 150001 x 6 + 50000 x 12 + 1000 x 22.5
      // = 900,006 + 600,000 + 22,500 = 1,522,506 per million
      expect(price('claude-sonnet-4-5')).toMatchObject({
        totalUsd: '1.522506000',
        breakdown: { cacheWrite: '0.600000000' },
      });
    });

    it('should leave it unpriced in the tier when the ratio is not exact', () => {
      // 5 x 7 / 3 = 11.666...: no exact price, so no price at all
      const { entries } = litellmEntries(sample, options);
      const odd = entries.find((entry) => entry.model === 'claude-odd-tier');
      const below = tokenUsage({ inputTokens: 1000, cacheWrite1hTokens: 1000 });

      expect(odd?.prices.cacheWrite1h).toBe('5');
      expect(odd?.tiers?.[0]?.prices.cacheWrite1h).toBeUndefined();
      expect(price('claude-odd-tier')).toMatchObject({
        priced: false,
        reason: expect.stringContaining('has no price for cacheWrite1h'),
      });
      // 1000 x 3 + 1000 x 5 = 8000 per million, at the base rates
      expect(
        priceUsage(
          { provider: 'anthropic', model: 'claude-odd-tier', usage: below, at },
          catalog,
        ),
      ).toMatchObject({ totalUsd: '0.008000000' });
    });
  });

  it('should skip the spec row, regional variants and invalid prices', () => {
    const { skipped } = litellmEntries(sample, options);

    expect(skipped.map((row) => row.key)).toEqual([
      'sample_spec',
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'broken-model',
    ]);
  });

  it('should price the issue example like the bundled catalog', () => {
    // 1000 x 3 + 2000 x 0.30 + 500 x 3.75 + 300 x 15 = 9975 per million
    const usage = tokenUsage({
      inputTokens: 1000,
      cacheReadTokens: 2000,
      cacheWriteTokens: 500,
      outputTokens: 300,
    });
    const cost = priceUsage(
      { provider: 'anthropic', model: 'claude-sonnet-4-5-20250929', usage, at },
      catalog,
    );

    expect(cost).toMatchObject({
      totalUsd: '0.009975000',
      priceId: 'anthropic/claude-sonnet-4-5@2026-12-01',
    });
    expect(
      priceUsage(
        {
          provider: 'anthropic',
          model: 'claude-sonnet-4-5',
          usage,
          at,
          batch: true,
        },
        catalog,
      ),
    ).toMatchObject({
      totalUsd: '0.004987500',
    });
  });

  it('should apply the above-200k prices to the whole request', () => {
    // 200001 x 6 + 1000 x 22.5 = 1,222,506 per million
    const usage = tokenUsage({ inputTokens: 200_001, outputTokens: 1000 });
    const cost = priceUsage(
      { provider: 'anthropic', model: 'claude-sonnet-4-5', usage, at },
      catalog,
    );

    expect(cost).toMatchObject({ totalUsd: '1.222506000', tier: 'above-200k' });
  });

  it('should price audio input and OCR pages', () => {
    // gemini: 600 x 0.30 + 400 x 1.00 + 100 x 2.50 = 830 per million
    const audio = tokenUsage({
      inputTokens: 1000,
      audioInputTokens: 400,
      outputTokens: 100,
    });
    // mistral-ocr: 1000 pages x 0.001 USD
    const pages = tokenUsage({ pages: 1000 });

    expect(
      priceUsage(
        { provider: 'google', model: 'gemini-2.5-flash', usage: audio, at },
        catalog,
      ),
    ).toMatchObject({
      totalUsd: '0.000830000',
    });
    expect(
      priceUsage(
        { provider: 'mistral', model: 'mistral-ocr-latest', usage: pages, at },
        catalog,
      ),
    ).toMatchObject({
      totalUsd: '1.000000000',
    });
  });

  it('should take over from its date on top of the default catalog', () => {
    const layered = importLiteLLMPrices(sample, {
      ...options,
      extends: defaultCatalog,
    });
    const usage = tokenUsage({ inputTokens: 1_000_000 });
    const embed = (when: string) =>
      priceUsage(
        {
          provider: 'openai',
          model: 'text-embedding-3-small',
          usage,
          at: new Date(when),
        },
        layered,
      );

    expect(embed('2026-11-30')).toMatchObject({
      priceId: 'openai/text-embedding-3-small@2024-01-25',
    });
    expect(embed('2026-12-01')).toMatchObject({
      totalUsd: '0.020000000',
      priceId: 'openai/text-embedding-3-small@2026-12-01',
    });
  });

  it('should reject input that is not the price object', () => {
    expect(() => importLiteLLMPrices([])).toThrow(
      /model_prices_and_context_window\.json/,
    );
  });
});
