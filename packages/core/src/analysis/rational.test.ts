import { describe, expect, it } from 'vitest';
import {
  add,
  mul,
  onCommonDenominator,
  ratio,
  sub,
  sum,
  ZERO,
} from './rational.js';

describe('rational arithmetic', () => {
  it('should keep sums in lowest terms whatever the denominators share', () => {
    // 1/6 + 1/10 = 5/30 + 3/30 = 8/30 = 4/15 (the denominators share 2)
    expect(add(ratio(1, 6), ratio(1, 10))).toEqual({ num: 4n, den: 15n });
    // 1/4 + 1/4 = 1/2: the shared 4 cancels with the numerator
    expect(add(ratio(1, 4), ratio(1, 4))).toEqual({ num: 1n, den: 2n });
    // coprime denominators: 2/3 + 3/5 = 19/15
    expect(add(ratio(2, 3), ratio(3, 5))).toEqual({ num: 19n, den: 15n });
    // 5/6 - 1/3 = 1/2; 1/6 - 1/6 = 0 as 0/1
    expect(sub(ratio(5, 6), ratio(1, 3))).toEqual({ num: 1n, den: 2n });
    expect(sub(ratio(1, 6), ratio(1, 6))).toEqual(ZERO);
    expect(sum([ratio(-1, 3), ratio(1, 2), ZERO])).toEqual({
      num: 1n,
      den: 6n,
    });
  });

  it('should cancel across a product', () => {
    // (4/9) x (-3/8) = -12/72 = -1/6
    expect(mul(ratio(4, 9), ratio(-3, 8))).toEqual({ num: -1n, den: 6n });
    expect(mul(ratio(0), ratio(7, 3))).toEqual(ZERO);
  });

  it('should stay exact past 2^53', () => {
    // (2^60 + 1) / 3 + 1/6 = (2^61 + 3) / 6, which 3 does not divide further
    const big = 2n ** 60n + 1n;
    expect(add(ratio(big, 3), ratio(1, 6))).toEqual({
      num: 2n ** 61n + 3n,
      den: 6n,
    });
    // 2^70 / 3^40 x 3^39 / 2^69 = 2/3
    expect(
      mul(ratio(2n ** 70n, 3n ** 40n), ratio(3n ** 39n, 2n ** 69n)),
    ).toEqual({ num: 2n, den: 3n });
  });

  it('should put values over their least common denominator', () => {
    // 1/6, -3/4, 2, 0: lcm(6, 4, 1, 1) = 12 -> 2/12, -9/12, 24/12, 0/12
    expect(
      onCommonDenominator([ratio(1, 6), ratio(-3, 4), ratio(2), ZERO]),
    ).toEqual({ nums: [2n, -9n, 24n, 0n], den: 12n });
    expect(onCommonDenominator([])).toEqual({ nums: [], den: 1n });
  });
});
