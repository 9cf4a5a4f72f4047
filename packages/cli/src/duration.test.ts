import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('should read each unit', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('12h')).toBe(43_200_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('2w')).toBe(1_209_600_000);
  });

  it('should say what a duration looks like', () => {
    expect(() => parseDuration('7 days')).toThrow(
      'Not a duration: "7 days". Use a whole number and a unit: 30m, 12h, 7d or 2w.',
    );
  });
});
