import { describe, expect, it } from 'vitest';
import { isRangePreset, resolvePreset } from './time-range.js';

const iso = (range: { from: Date; to: Date }) => [
  range.from.toISOString(),
  range.to.toISOString(),
];

describe('resolvePreset', () => {
  describe('when the preset counts days', () => {
    it('should start at the UTC midnight that makes today the last day', () => {
      const now = new Date('2026-12-03T12:00:00.000Z');
      const { current, previous } = resolvePreset('7d', now);

      // Nov 27, 28, 29, 30, Dec 1, 2 and today: 7 calendar days
      expect(iso(current)).toEqual([
        '2026-11-27T00:00:00.000Z',
        '2026-12-03T12:00:00.000Z',
      ]);
      // shifted back 7 days: it ends at noon, as the current range does
      expect(iso(previous)).toEqual([
        '2026-11-20T00:00:00.000Z',
        '2026-11-26T12:00:00.000Z',
      ]);
    });

    it('should hold no part of today at midnight', () => {
      const { current, previous } = resolvePreset(
        '30d',
        new Date('2026-12-01T00:00:00.000Z'),
      );

      expect(iso(current)).toEqual([
        '2026-11-02T00:00:00.000Z',
        '2026-12-01T00:00:00.000Z',
      ]);
      expect(iso(previous)).toEqual([
        '2026-10-03T00:00:00.000Z',
        '2026-11-01T00:00:00.000Z',
      ]);
    });
  });

  describe('when the preset is 24h', () => {
    it('should be the 24 hours before now and the 24 before them', () => {
      const now = new Date('2026-12-03T12:34:00.000Z');
      const { current, previous } = resolvePreset('24h', now);

      expect(iso(current)).toEqual([
        '2026-12-02T12:34:00.000Z',
        '2026-12-03T12:34:00.000Z',
      ]);
      expect(iso(previous)).toEqual([
        '2026-12-01T12:34:00.000Z',
        '2026-12-02T12:34:00.000Z',
      ]);
    });
  });

  it('should recognise only known presets', () => {
    expect(isRangePreset('30d')).toBe(true);
    expect(isRangePreset('toString')).toBe(false);
  });
});
