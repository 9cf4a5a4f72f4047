import { describe, expect, it } from 'vitest';
import { divRoundHalfEven, formatUsd, parseUsd, sumUsd } from './money.js';

describe('money', () => {
  it('should parse and format USD exactly at 9 decimals', () => {
    expect(parseUsd('0.009975')).toBe(9_975_000n);
    expect(parseUsd('12')).toBe(12_000_000_000n);
    expect(parseUsd('-0.000000001')).toBe(-1n);
    expect(formatUsd(9_975_000n)).toBe('0.009975000');
    expect(formatUsd(-1n)).toBe('-0.000000001');
  });

  it('should reject amounts that are not exact decimals', () => {
    expect(() => parseUsd('1e-9')).toThrow(/Not a decimal USD amount/);
    expect(() => parseUsd('0.0000000001')).toThrow(/10 decimals/);
  });

  it('should add without binary floating point drift', () => {
    expect(sumUsd(['0.1', '0.2'])).toBe('0.300000000');
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('should round half to even', () => {
    expect(divRoundHalfEven(5n, 2n)).toBe(2n);
    expect(divRoundHalfEven(7n, 2n)).toBe(4n);
    expect(divRoundHalfEven(-7n, 2n)).toBe(-4n);
    expect(divRoundHalfEven(10n, 3n)).toBe(3n);
    expect(divRoundHalfEven(11n, 3n)).toBe(4n);
  });
});
