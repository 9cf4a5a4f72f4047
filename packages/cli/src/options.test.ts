import { describe, expect, it } from 'vitest';
import { instant, resolveRange, timeBound } from './options.js';

const DAY = 86_400_000;

describe('instant', () => {
  it('should read a date-time without an offset as UTC', () => {
    expect(instant('2026-12-04T09:00').toISOString()).toBe(
      '2026-12-04T09:00:00.000Z',
    );
    expect(instant('2026-12-04 09:00:30').toISOString()).toBe(
      '2026-12-04T09:00:30.000Z',
    );
    expect(instant('2026-12-04T09:00+01:00').toISOString()).toBe(
      '2026-12-04T08:00:00.000Z',
    );
  });

  it('should say which day the calendar lacks', () => {
    expect(() => instant('2028-02-30')).toThrow(
      'Not a date: "2028-02-30"; February 2028 has 29 days.',
    );
    expect(() => instant('2026-13-01')).toThrow(
      'Not a date: "2026-13-01" has month 13; months run 01 to 12.',
    );
  });
});

describe('resolveRange', () => {
  const now = new Date('2026-12-04T12:00:00Z');

  it('should count a look-back from --until when it is given', () => {
    const { from, to } = resolveRange(
      timeBound('7d'),
      timeBound('2026-11-08'),
      now,
    );

    expect([from.toISOString(), to.toISOString()]).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-11-08T00:00:00.000Z',
    ]);
  });

  it('should count a look-back from now without --until', () => {
    const { from, to } = resolveRange(timeBound('2d'), undefined, now);

    expect(to.getTime() - from.getTime()).toBe(2 * DAY);
    expect(to).toEqual(now);
  });
});
