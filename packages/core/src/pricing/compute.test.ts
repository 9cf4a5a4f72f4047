import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenUsage } from '../schema.js';
import {
  computeExact,
  computeFast,
  computeNano,
  priceComponents,
} from './compute.js';
import { numberToDecimal, shiftDecimal } from './decimal.js';
import { compileRates } from './rates.js';

const price = fc
  .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 9999 }))
  .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(4, '0')}`);
const count = fc.integer({ min: 0, max: 2_000_000 });

describe('computeNano', () => {
  it('should round each component half to even, once', () => {
    // 0.0005 per million = 500 pico-USD = 0.5 nano-USD per token:
    // 1 token = 0.5 nano -> 0 (even); 3 tokens = 1.5 nano -> 2 (even)
    const rates = compileRates(
      { input: '0.0005', output: '0.0005' },
      undefined,
      [],
    );

    expect(
      computeNano(tokenUsage({ inputTokens: 1, outputTokens: 3 }), rates),
    ).toMatchObject({
      input: 0,
      output: 2,
    });
  });

  it('should sum the two cache-write classes before rounding', () => {
    // 1 x 0.5 + 2 x 0.5 = 1.5 nano -> 2, where rounding each class
    // first would give 0 + 1 = 1
    const rates = compileRates(
      { input: '1', output: '1', cacheWrite: '0.0005', cacheWrite1h: '0.0005' },
      undefined,
      [],
    );
    const usage = tokenUsage({
      cacheWriteTokens: 1,
      cacheWrite1hTokens: 2,
    });

    expect(computeNano(usage, rates).cacheWrite).toBe(2);
  });

  it('should apply multipliers exactly (Bedrock 1.1 on a batch call)', () => {
    // 3 per million x 0.5 x 1.1 = 1.65 per million; 1M tokens = 1.65 USD
    const rates = compileRates({ input: '3', output: '15' }, undefined, [
      '0.5',
      '1.1',
    ]);

    expect(
      computeNano(tokenUsage({ inputTokens: 1_000_000 }), rates).input,
    ).toBe(1_650_000_000);
  });

  it('should agree on the fast and the bigint path for any prices and counts', () => {
    fc.assert(
      fc.property(
        fc.record({
          input: price,
          output: price,
          cacheRead: price,
          cacheWrite: price,
          cacheWrite1h: price,
        }),
        fc.record({
          inputTokens: count,
          outputTokens: count,
          cacheReadTokens: count,
          cacheWriteTokens: count,
          cacheWrite1hTokens: count,
        }),
        fc.constantFrom([], ['0.5'], ['1.1'], ['0.5', '1.1']),
        (prices, counts, multipliers) => {
          const rates = compileRates(prices, { page: '0.004' }, multipliers);
          const usage = tokenUsage({
            ...counts,
            pages: counts.inputTokens % 50,
          });
          const fast = rates.fast ? computeFast(usage, rates.fast) : null;

          if (!fast) return;
          const exact = computeExact(usage, rates);
          expect(fast.input).toBe(Number(exact.input));
          expect(fast.output).toBe(Number(exact.output));
          expect(fast.cacheWrite).toBe(Number(exact.cacheWrite));
          expect(fast.cacheRead).toBe(Number(exact.cacheRead));
          expect(fast.units).toBe(Number(exact.units));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('should fall back to bigint when a sum passes 2^53 pico-USD', () => {
    // 100M tokens x 270 per million = 27,000 USD = 2.7e16 pico > 2^53
    const rates = compileRates({ input: '270', output: '0' }, undefined, []);
    const usage = tokenUsage({ inputTokens: 100_000_000 });

    expect(rates.fast && computeFast(usage, rates.fast)).toBeNull();
    expect(computeNano(usage, rates).input).toBe(27_000_000_000_000n);
  });

  it('should keep a cost past 2^53 nano-USD exact, bigint to the string', () => {
    // 123456.789123 USD per million = 123,456,789,123 pico-USD per token;
    // 99,999,999 tokens = 123,456,789,123 x 10^8 - 123,456,789,123
    // = 12,345,678,788,843,210,877 pico = 12,345,678,788,843,210.877 nano,
    // rounded to 12,345,678,788,843,211: odd and past 2^53, so a Number
    // cannot even hold it
    const rates = compileRates(
      { input: '123456.789123', output: '0' },
      undefined,
      [],
    );
    const usage = tokenUsage({ inputTokens: 99_999_999 });

    expect(rates.fast && computeFast(usage, rates.fast)).toBeNull();
    expect(priceComponents(usage, rates)).toMatchObject({
      totalUsd: '12345678.788843211',
      breakdown: { input: '12345678.788843211', output: '0.000000000' },
    });
  });
});

describe('numberToDecimal', () => {
  it.each([
    [3e-6, '0.000003'],
    [1.25e-7, '0.000000125'],
    [0.0000375, '0.0000375'],
    [15, '15'],
    [0, '0'],
  ])('should write %s as %s', (value, text) => {
    expect(numberToDecimal(value)).toBe(text);
  });

  it('should shift a per-token price to a per-million price', () => {
    expect(shiftDecimal('0.000003', 6)).toBe('3');
    expect(shiftDecimal('0.0000000625', 6)).toBe('0.0625');
  });
});
