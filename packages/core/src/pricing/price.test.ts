import { describe, expect, it } from 'vitest';
import { sumUsd } from '../money.js';
import { tokenUsage } from '../schema.js';
import { createCatalog } from './catalog.js';
import { priceUsage } from './price.js';

const sonnetExample = tokenUsage({
  inputTokens: 1000,
  cacheReadTokens: 2000,
  cacheWriteTokens: 500,
  outputTokens: 300,
});

/**
 * The call time of tests that do not test dates: the catalog holds entries
 * that take effect later, so "now" would change what these tests price.
 */
const AT = new Date('2026-01-10T12:00:00Z');

function total(cost: ReturnType<typeof priceUsage>): string {
  if (!cost.priced) throw new Error(cost.reason);
  return cost.totalUsd;
}

describe('priceUsage', () => {
  describe('when pricing the issue example on claude-sonnet-4-5', () => {
    it('should cost 0.009975 USD, split by class', () => {
      // 1000 x 3 + 2000 x 0.30 + 500 x 3.75 + 300 x 15 = 9975 per million
      const cost = priceUsage({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5-20250929',
        usage: sonnetExample,
        at: new Date('2026-01-10T12:00:00Z'),
      });

      expect(cost).toEqual({
        priced: true,
        totalUsd: '0.009975000',
        canonicalModel: 'claude-sonnet-4-5',
        priceId: 'anthropic/claude-sonnet-4-5@2025-09-29',
        tier: null,
        breakdown: {
          input: '0.003000000',
          output: '0.004500000',
          cacheWrite: '0.001875000',
          cacheRead: '0.000600000',
          units: '0.000000000',
        },
      });
    });

    it('should halve every class through the batch API', () => {
      // 9975 / 2 = 4987.5 per million
      const cost = priceUsage({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: { ...sonnetExample, cacheWrite1hTokens: 100 },
        batch: true,
        at: AT,
      });

      // + 100 x 6 / 2 = 300 per million for the 1-hour writes
      expect(total(cost)).toBe('0.005287500');
    });

    it('should halve each class separately, long-context rates included', () => {
      // claude-sonnet-4-5 above 200k: 150001 x 6, 40000 x 0.6, 5000 x 7.5,
      // 5000 x 12, 1000 x 22.5 per million; batch halves each of them
      const usage = tokenUsage({
        inputTokens: 150_001,
        cacheReadTokens: 40_000,
        cacheWriteTokens: 5000,
        cacheWrite1hTokens: 5000,
        outputTokens: 1000,
      });
      const call = {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage,
        at: AT,
      };

      expect(priceUsage({ ...call, batch: true })).toMatchObject({
        tier: 'long-context',
        breakdown: {
          input: '0.450003000',
          cacheRead: '0.012000000',
          cacheWrite: '0.048750000',
          output: '0.011250000',
        },
      });
      expect(priceUsage(call)).toMatchObject({
        breakdown: {
          input: '0.900006000',
          cacheRead: '0.024000000',
          cacheWrite: '0.097500000',
          output: '0.022500000',
        },
      });
    });

    it('should add 10% on a Bedrock geo profile and nothing on global.', () => {
      // 9975 x 1.1 = 10972.5 per million
      const geo = priceUsage({
        provider: 'aws-bedrock',
        model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
        usage: sonnetExample,
        at: AT,
      });
      const global = priceUsage({
        provider: 'bedrock',
        model: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
        usage: sonnetExample,
        at: AT,
      });

      expect(total(geo)).toBe('0.010972500');
      expect(geo.priced && geo.priceId).toBe(
        'anthropic/claude-sonnet-4-5@2025-09-29+bedrock-regional',
      );
      expect(total(global)).toBe('0.009975000');
    });

    it('should not add the premium to Sonnet 4 geo profiles', () => {
      const cost = priceUsage({
        provider: 'bedrock',
        model: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
        usage: sonnetExample,
        at: AT,
      });

      expect(total(cost)).toBe('0.009975000');
    });
  });

  describe('when pricing Anthropic cache classes', () => {
    it('should bill 5m writes at 1.25x, 1h writes at 2x and reads at 0.1x input', () => {
      // claude-opus-4-5 input 5: 1M x 6.25, 1M x 10, 1M x 0.50
      const cost = priceUsage({
        provider: 'anthropic',
        model: 'claude-opus-4-5',
        usage: tokenUsage({
          inputTokens: 1_000_000,
          cacheWriteTokens: 1_000_000,
          cacheWrite1hTokens: 1_000_000,
          cacheReadTokens: 1_000_000,
        }),
        at: AT,
      });

      expect(cost.priced && cost.breakdown).toEqual({
        input: '5.000000000',
        output: '0.000000000',
        cacheWrite: '16.250000000',
        cacheRead: '0.500000000',
        units: '0.000000000',
      });
    });
  });

  describe('when a request is above the long-context threshold', () => {
    it('should bill claude-sonnet-4-5 at the higher input and output rates above 200,000 prompt tokens', () => {
      // 150001 x 6 + 50000 x 0.60 + 1000 x 22.50 = 952506 per million
      const cost = priceUsage({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: tokenUsage({
          inputTokens: 150_001,
          cacheReadTokens: 50_000,
          outputTokens: 1000,
        }),
        at: AT,
      });

      expect(total(cost)).toBe('0.952506000');
      expect(cost.priced && cost.tier).toBe('long-context');
      expect(cost.priced && cost.priceId).toBe(
        'anthropic/claude-sonnet-4-5@2025-09-29#long-context',
      );
    });

    it('should keep the base rates at exactly 200,000 prompt tokens', () => {
      // 150000 x 3 + 50000 x 0.30 + 1000 x 15 = 480000 per million
      const cost = priceUsage({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        usage: tokenUsage({
          inputTokens: 150_000,
          cacheReadTokens: 50_000,
          outputTokens: 1000,
        }),
        at: AT,
      });

      expect(total(cost)).toBe('0.480000000');
      expect(cost.priced && cost.tier).toBeNull();
    });

    it('should do the same for gemini-2.5-pro', () => {
      const at = new Date('2025-10-01T00:00:00Z');
      const price = (inputTokens: number) =>
        priceUsage({
          provider: 'google',
          model: 'gemini-2.5-pro',
          usage: tokenUsage({ inputTokens, outputTokens: 1000 }),
          at,
        });

      // 200001 x 2.50 + 1000 x 15 = 515002.5 per million
      expect(total(price(200_001))).toBe('0.515002500');
      // 200000 x 1.25 + 1000 x 10 = 260000 per million
      expect(total(price(200_000))).toBe('0.260000000');
    });
  });

  describe('when pricing mistral-ocr', () => {
    it('should bill 1,000 pages at the per-1,000-page price and no tokens', () => {
      const ocr = (at: string) =>
        priceUsage({
          provider: 'mistral',
          model: 'mistral-ocr-latest',
          usage: tokenUsage({ pages: 1000, inputTokens: 5000 }),
          at: new Date(at),
        });

      // OCR 3 was -latest on 2026-01-01 at 2 USD per 1,000 pages
      expect(ocr('2026-01-01').priced && ocr('2026-01-01')).toMatchObject({
        totalUsd: '2.000000000',
        canonicalModel: 'mistral-ocr-2512',
        breakdown: { input: '0.000000000', units: '2.000000000' },
      });
      // OCR 4 took over on 2026-06-23 at 4 USD per 1,000 pages
      expect(total(ocr('2026-12-01'))).toBe('4.000000000');
    });
  });

  describe('when a model has two dated entries', () => {
    it('should price each call with the entry in force at its timestamp', () => {
      const o3 = (at: string) =>
        priceUsage({
          provider: 'openai',
          model: 'o3-2025-04-16',
          usage: tokenUsage({ inputTokens: 1_000_000, outputTokens: 100_000 }),
          at: new Date(at),
        });

      // before the cut: 1M x 10 + 100k x 40 = 14 USD; after: 2 + 0.8
      expect(total(o3('2025-06-09T23:59:59Z'))).toBe('14.000000000');
      expect(total(o3('2025-06-10T00:00:00Z'))).toBe('2.800000000');
      const afterCut = o3('2025-06-10');
      expect(afterCut.priced && afterCut.priceId).toBe('openai/o3@2025-06-10');
    });
  });

  describe('when summing a million separately priced events', () => {
    it('should equal the sum of the per-event costs, each rounded once', () => {
      // Rounding rule (docs/pricing.md): each component of an event is
      // computed exactly and rounded once, half to even, to nano-USD; the
      // event's total is the sum of its rounded components.
      //
      // Input 0.03712 and output 0.4567 USD per million tokens are 37.12
      // and 456.7 nano-USD per token: neither is a whole nano-USD. Event i
      // has n = i % 1000 input tokens and 3 output tokens.
      // - output: 3 x 456.7 = 1370.1 -> 1370 nano, every event.
      // - input: 37.12n = 37n + 3n/25. Writing n = 25k + r, 3n/25 rounds to
      //   3k + round(3r/25), and over r = 0..24 round(3r/25) is 0 five
      //   times (r 0-4), 1 eight times (5-12), 2 eight times (13-20) and 3
      //   four times (21-24): 36 (no ties: 3r/25 is never x.5). Over
      //   n = 0..999 (k = 0..39): 37 x 499,500 + 75 x 780 + 40 x 36
      //   = 18,481,500 + 58,500 + 1,440 = 18,541,440 nano.
      // Sum = 1000 x 18,541,440 + 1,000,000 x 1370 = 19,911,440,000 nano.
      // (Unrounded, the output alone would add 0.1 USD: 19.911540000.)
      const catalog = createCatalog([
        {
          provider: 'acme',
          model: 'acme-cheap',
          effectiveFrom: '2026-01-01',
          prices: { input: '0.03712', output: '0.4567' },
          source: {
            url: 'https://acme.example/pricing',
            checked: '2026-01-01',
          },
        },
      ]);
      const at = new Date('2026-06-01T00:00:00Z');
      const totals: string[] = [];
      for (let index = 0; index < 1_000_000; index += 1) {
        const usage = tokenUsage({
          inputTokens: index % 1000,
          outputTokens: 3,
        });
        const cost = priceUsage(
          { provider: 'acme', model: 'acme-cheap', usage, at },
          catalog,
        );
        totals.push(total(cost));
      }

      expect(totals.slice(0, 3)).toEqual([
        '0.000001370',
        '0.000001407',
        '0.000001444',
      ]);
      expect(sumUsd(totals)).toBe('19.911440000');
    });
  });

  describe('when the model is unknown', () => {
    it('should be unpriced with a reason naming the model and the fix', () => {
      const cost = priceUsage({
        provider: 'openai',
        model: 'gpt-99-turbo',
        usage: sonnetExample,
        at: new Date('2026-12-03T00:00:00Z'),
      });

      expect(cost).toEqual({
        priced: false,
        reason:
          'No price for model "gpt-99-turbo" of provider "openai" at 2026-12-03T00:00:00.000Z. Add an entry (or an alias) with createCatalog([...], { extends: defaultCatalog }); see docs/pricing.md.',
      });
    });

    it('should be unpriced before the model had a price', () => {
      const cost = priceUsage({
        provider: 'anthropic',
        model: 'claude-opus-5',
        usage: sonnetExample,
        at: new Date('2026-01-01'),
      });

      expect(cost.priced).toBe(false);
    });
  });

  describe('when the call uses a class the entry has no price for', () => {
    it('should be unpriced and name the class', () => {
      const cost = priceUsage({
        provider: 'openai',
        model: 'gpt-4o-2024-05-13',
        usage: tokenUsage({ inputTokens: 10, cacheReadTokens: 1024 }),
        at: AT,
      });

      expect(cost.priced === false && cost.reason).toContain(
        'openai/gpt-4o-2024-05-13@2024-05-13 has no price for cacheRead',
      );
    });
  });
});
