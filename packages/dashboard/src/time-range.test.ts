import { describe, expect, it } from 'vitest';
import { isRangePreset, resolvePreset } from './time-range.js';

describe('resolvePreset', () => {
  it('should end the range at now and compare with the equal period before', () => {
    const now = new Date('2026-12-03T12:00:00.000Z');
    const { current, previous } = resolvePreset('7d', now);

    expect(current.from.toISOString()).toBe('2026-11-26T12:00:00.000Z');
    expect(current.to.toISOString()).toBe('2026-12-03T12:00:00.000Z');
    expect(previous.from.toISOString()).toBe('2026-11-19T12:00:00.000Z');
    expect(previous.to.toISOString()).toBe('2026-11-26T12:00:00.000Z');
  });

  it('should recognise only known presets', () => {
    expect(isRangePreset('30d')).toBe(true);
    expect(isRangePreset('toString')).toBe(false);
  });
});
