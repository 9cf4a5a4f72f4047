import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { instant, resolveRange, timeBound } from './options.js';

const DAY = 86_400_000;

/** The CliError `run` throws, as message and exit code. */
function usageErrorOf(run: () => unknown): {
  message: string;
  exitCode: number;
} {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) {
      return { message: error.message, exitCode: error.exitCode };
    }
    throw error;
  }
  throw new Error('expected a CliError, got none');
}

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

describe('resolveRange look-back limits', () => {
  const now = new Date('2026-12-04T12:00:00Z');
  const range = (since: string, until?: string) => () =>
    resolveRange(
      timeBound(since),
      until === undefined ? undefined : timeBound(until),
      now,
    );
  const isoRange = (since: string, until?: string) => {
    const { from, to } = range(since, until)();
    return [from.toISOString(), to.toISOString()];
  };

  it('should exit 2 on a zero --since look-back in every unit, saying what to give', () => {
    for (const text of ['0m', '0h', '0d', '0w', '00d']) {
      expect(usageErrorOf(range(text))).toEqual({
        message: `--since ${text} is an empty range; give a look-back of at least 1 (such as 7d) or a date.`,
        exitCode: 2,
      });
    }
  });

  it('should call a zero --since empty before an --until date too', () => {
    expect(usageErrorOf(range('0d', '2026-11-08'))).toEqual({
      message:
        '--since 0d is an empty range; give a look-back of at least 1 (such as 7d) or a date.',
      exitCode: 2,
    });
  });

  it('should take the shortest look-backs of one unit', () => {
    expect(isoRange('1d')).toEqual([
      '2026-12-03T12:00:00.000Z',
      '2026-12-04T12:00:00.000Z',
    ]);
    expect(isoRange('1m')).toEqual([
      '2026-12-04T11:59:00.000Z',
      '2026-12-04T12:00:00.000Z',
    ]);
  });

  it('should take a look-back of 3,660 days in every unit that reaches it', () => {
    // 2016-12-04 to 2026-12-04 is 3,652 days (leap days 2020 and 2024)
    expect(isoRange('3660d')).toEqual([
      '2016-11-26T12:00:00.000Z',
      '2026-12-04T12:00:00.000Z',
    ]);
    expect(isoRange('87840h')[0]).toBe('2016-11-26T12:00:00.000Z');
    expect(isoRange('5270400m')[0]).toBe('2016-11-26T12:00:00.000Z');
    // 522 weeks = 3,654 days
    expect(isoRange('522w')[0]).toBe('2016-12-02T12:00:00.000Z');
  });

  it('should exit 2 on a look-back of more than 3,660 days, suggesting a date', () => {
    for (const text of ['3661d', '87841h', '5270401m', '523w', '999999w']) {
      expect(usageErrorOf(range(text))).toEqual({
        message: `--since ${text} looks back more than 3,660 days (10 years), the longest look-back; give an ISO date instead, such as 2016-11-01.`,
        exitCode: 2,
      });
    }
  });

  it('should exit 2 on a --since look-back too long to be a date at all', () => {
    expect(usageErrorOf(range('99999999999999999999w'))).toEqual({
      message:
        '--since 99999999999999999999w looks back more than 3,660 days (10 years), the longest look-back; give an ISO date instead, such as 2016-11-01.',
      exitCode: 2,
    });
  });

  it('should hold --until to the same limit, and read a zero --until as now', () => {
    expect(usageErrorOf(range('7d', '3661d'))).toEqual({
      message:
        '--until 3661d looks back more than 3,660 days (10 years), the longest look-back; give an ISO date instead, such as 2016-11-01.',
      exitCode: 2,
    });
    expect(isoRange('1d', '3660d')).toEqual([
      '2016-11-25T12:00:00.000Z',
      '2016-11-26T12:00:00.000Z',
    ]);
    expect(isoRange('7d', '0d')).toEqual([
      '2026-11-27T12:00:00.000Z',
      '2026-12-04T12:00:00.000Z',
    ]);
  });

  it('should not limit a --since date, however far back', () => {
    expect(isoRange('2000-01-01')).toEqual([
      '2000-01-01T00:00:00.000Z',
      '2026-12-04T12:00:00.000Z',
    ]);
  });
});
