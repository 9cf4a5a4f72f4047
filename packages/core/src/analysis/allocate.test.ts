import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateRounded } from './allocate.js';
import { explainChange } from './explain.js';
import { type Rational, ratio, roundHalfEven, sum } from './rational.js';
import { shapley, shapleyValue } from './shapley.js';
import { aggregate, CHEAP, SONNET } from './test/aggregates.js';
import type { WindowAggregate } from './types.js';

describe('allocateRounded', () => {
  it('should give the unit lost by rounding thirds to the first part', () => {
    // 1/3 + 1/3 + 1/3 = 1: each rounds to 0, one unit is left over
    const third = ratio(1, 3);
    expect(allocateRounded([third, third, third])).toEqual([1n, 0n, 0n]);
  });

  it('should take a unit back from the part rounded up the most', () => {
    // 0.5 -> 0 (half to even), 1.5 -> 2, 1.6 -> 2; sum 3.6 -> 4, rounded
    // parts sum 4: nothing to move. 0.6 + 0.6 + 0.6 = 1.8 -> 2, parts
    // 1 + 1 + 1 = 3: one unit back, from the first of equal remainders
    expect(allocateRounded([ratio(1, 2), ratio(3, 2), ratio(8, 5)])).toEqual([
      0n,
      2n,
      2n,
    ]);
    const part = ratio(3, 5);
    expect(allocateRounded([part, part, part])).toEqual([0n, 1n, 1n]);
  });

  it('should meet a target given from outside', () => {
    // 0.5 and 0.5 round to 0 and 0; the caller's total is 2
    expect(allocateRounded([ratio(1, 2), ratio(1, 2)], 2n)).toEqual([1n, 1n]);
  });

  it('should always sum to the rounded total (property)', () => {
    const part = fc
      .tuple(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
      )
      .map(([num, den]) => ratio(num, den));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 8 }), (parts) => {
        const total = allocateRounded(parts).reduce((a, b) => a + b, 0n);
        expect(total).toBe(roundHalfEven(sum(parts)));
      }),
    );
  });
});

describe('shapley', () => {
  it('should split volume x price as the two orders average', () => {
    // volume 10 -> 20, price 1 -> 3: cost 10 -> 60;
    // volume: ((20 - 10) + (60 - 30)) / 2 = 20, price: ((30 - 10) + (60 - 20)) / 2 = 30
    const cost = (mask: number): Rational =>
      ratio((mask & 1 ? 20 : 10) * (mask & 2 ? 3 : 1));
    expect(shapley(2, cost)).toEqual([ratio(20), ratio(30)]);
  });

  it('should stay exact over values with different denominators', () => {
    // v(none) 1/2, v(player 0) 1/3, v(player 1) 3/4, v(both) 5/6
    // player 0: ((1/3 - 1/2) + (5/6 - 3/4)) / 2 = (-1/6 + 1/12) / 2 = -1/24
    // player 1: ((3/4 - 1/2) + (5/6 - 1/3)) / 2 = (1/4 + 1/2) / 2 = 3/8
    // together 8/24 = 1/3 = 5/6 - 1/2
    const values = [ratio(1, 2), ratio(1, 3), ratio(3, 4), ratio(5, 6)];
    const cost = (mask: number): Rational => values[mask] as Rational;
    expect(shapley(2, cost)).toEqual([ratio(-1, 24), ratio(3, 8)]);
    expect(shapleyValue(2, 1, cost)).toEqual(ratio(3, 8));
  });
});

describe('explainChange (property)', () => {
  const counts = fc.record({
    calls: fc.integer({ min: 0, max: 5_000 }),
    input: fc.integer({ min: 0, max: 5_000_000 }),
    read: fc.integer({ min: 0, max: 5_000_000 }),
    write: fc.integer({ min: 0, max: 500_000 }),
    output: fc.integer({ min: 0, max: 1_000_000 }),
    pages: fc.integer({ min: 0, max: 2_000 }),
    unitsNano: fc.bigInt({ min: 0n, max: 10n ** 9n }),
  });
  const row = fc
    .tuple(fc.constantFrom('a', 'b', 'c'), counts, fc.boolean())
    .map(
      ([key, c, cheap]): WindowAggregate =>
        aggregate(
          key,
          c.calls === 0 ? { calls: 0 } : c,
          cheap ? CHEAP : SONNET,
        ),
    );
  const windowMs = fc.integer({ min: 3_600_000, max: 30 * 86_400_000 });

  it('should make every driver list sum exactly to its total change', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 4 }),
        fc.array(row, { maxLength: 4 }),
        windowMs,
        windowMs,
        (before, after, beforeMs, afterMs) => {
          const start = Date.parse('2026-10-01T00:00:00Z');
          const explanation = explainChange(before, after, {
            before: { from: new Date(start), to: new Date(start + beforeMs) },
            after: {
              from: new Date(start + beforeMs),
              to: new Date(start + beforeMs + afterMs),
            },
          });
          const nano = (usd: string) => BigInt(usd.replace('.', ''));
          const total = (d: { usdPerDay: string }[]) =>
            d.reduce((s, x) => s + nano(x.usdPerDay), 0n);

          expect(total(explanation.drivers)).toBe(
            nano(explanation.totalChangeUsdPerDay),
          );
          for (const group of explanation.groups) {
            expect(total(group.drivers)).toBe(nano(group.totalChangeUsdPerDay));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
