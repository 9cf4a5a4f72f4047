import type { GroupByDimension, TimeWindow } from '@tokenledger/core';
import { parseStoreUrl } from '@tokenledger/kysely';
import { InvalidArgumentError, Option } from 'commander';
import { badUsage } from './cli-error.js';
import { parseDuration } from './duration.js';

/**
 * A time bound as typed: a look-back (`7d`, kept as `text` for messages)
 * resolved against the clock when the command runs, or an instant
 * (`2026-11-01`, an ISO date-time).
 */
export type TimeBound = { agoMs: number; text: string } | { at: Date };

/** The longest look-back `--since` and `--until` take: 10 years. */
export const MAX_LOOK_BACK_DAYS = 3660;

const DAY_MS = 86_400_000;
const MAX_LOOK_BACK_MS = MAX_LOOK_BACK_DAYS * DAY_MS;

const GROUP_BY: readonly GroupByDimension[] = [
  'user',
  'provider',
  'model',
  'endpoint',
  'release',
  'day',
  'hour',
];

/** `--db <url>`, required, also read from `TOKENLEDGER_DB`. */
export function dbOption(): Option {
  return new Option(
    '--db <url>',
    'store URL: sqlite:./tokenledger.db or mysql://user:pass@host:3306/db',
  )
    .env('TOKENLEDGER_DB')
    .argParser(storeUrl)
    .makeOptionMandatory();
}

/**
 * `--since <when>`: a look-back or an ISO date, `days` back by default,
 * shown in --help as typed (`7d`).
 */
export function sinceOption(days: number): Option {
  return new Option(
    '--since <when>',
    `start: a look-back (${days}d) or an ISO date`,
  )
    .argParser(timeBound)
    .default({ agoMs: days * DAY_MS, text: `${days}d` }, `${days}d`);
}

/** `--until <when>`: the end of the window, exclusive; now by default. */
export function untilOption(): Option {
  return new Option(
    '--until <when>',
    'end, exclusive (default: now)',
  ).argParser(timeBound);
}

/** Checks a store URL without opening it. */
export function storeUrl(value: string): string {
  try {
    parseStoreUrl(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }

  return value;
}

/** Reads `7d`, `12h`, … or an ISO date / date-time. */
export function timeBound(value: string): TimeBound {
  if (/^\d+[mhdw]$/.test(value.trim())) {
    return { agoMs: parseDuration(value), text: value.trim() };
  }

  const at = readInstant(value.trim());
  if (!at) {
    throw new InvalidArgumentError(
      `Not a time: ${JSON.stringify(value)}. Use a look-back like 30m, 12h, 7d, 2w, or an ISO date such as 2026-11-01 or 2026-11-01T09:00:00Z.`,
    );
  }

  return { at };
}

/**
 * Reads an ISO date (`2026-11-01`, UTC midnight) or date-time; a
 * date-time without an offset is UTC too, whatever the machine's zone.
 */
export function instant(value: string): Date {
  const date = readInstant(value.trim());
  if (!date) {
    throw new InvalidArgumentError(
      `Not a time: ${JSON.stringify(value)}. Use an ISO date such as 2026-11-01 or a date-time such as 2026-11-01T09:00:00Z.`,
    );
  }

  return date;
}

/**
 * The instant an ISO date or date-time names, undefined for a text of
 * another form; a day the calendar lacks throws, saying why.
 */
function readInstant(text: string): Date | undefined {
  const day = calendarProblem(text);
  if (day) throw new InvalidArgumentError(day);

  const iso = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
  if (!iso.test(text)) return undefined;

  const zoned = /[T ][\d:.]+$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const date = new Date(zoned);

  return Number.isNaN(date.getTime()) ? undefined : date;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * What is wrong with the `YYYY-MM-DD` a text starts with, if it names no
 * day of the calendar (`Date` rolls 2026-02-30 over to March 2 instead of
 * refusing it); undefined for a real day or a text that is no date.
 */
function calendarProblem(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return undefined;

  const [year, month, date] = match.slice(1).map(Number) as [
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12) {
    return `Not a date: ${JSON.stringify(text)} has month ${month}; months run 01 to 12.`;
  }

  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (date < 1 || date > days) {
    return `Not a date: ${JSON.stringify(text)}; ${MONTHS[month - 1]} ${year} has ${days} days.`;
  }

  return undefined;
}

/**
 * The window of `--since` and `--until` (now when absent): a look-back
 * counts back from the end, so `--since 7d --until 2026-11-08` is the 7
 * days before Nov 8. Bad usage (exit 2), not an empty report: a `--since`
 * at or after the end, a zero `--since` look-back, and a look-back longer
 * than {@link MAX_LOOK_BACK_DAYS}.
 *
 * @example
 * ```ts
 * resolveRange({ agoMs: 7 * 86_400_000, text: '7d' }, undefined, new Date());
 * ```
 */
export function resolveRange(
  since: TimeBound,
  until: TimeBound | undefined,
  now: Date,
): { from: Date; to: Date } {
  checkLookBacks(since, until);
  const to = until ? resolveBound(until, now) : now;
  const from = resolveBound(since, to);
  if (from >= to) {
    throw badUsage(
      `--since (${from.toISOString()}) is not before ${until ? '--until' : 'now'} (${to.toISOString()}); put the earlier time in --since.`,
    );
  }

  return { from, to };
}

/**
 * Throws bad usage for a look-back that makes no sense: a zero `--since`
 * (an empty range; a zero `--until` is just now) or either bound reaching
 * back more than {@link MAX_LOOK_BACK_DAYS}, most likely a typo.
 */
function checkLookBacks(since: TimeBound, until: TimeBound | undefined): void {
  if ('agoMs' in since && since.agoMs === 0) {
    throw badUsage(
      `--since ${since.text} is an empty range; give a look-back of at least 1 (such as 7d) or a date.`,
    );
  }

  for (const [flag, bound] of [
    ['--since', since],
    ['--until', until],
  ] as const) {
    if (bound && 'agoMs' in bound && bound.agoMs > MAX_LOOK_BACK_MS) {
      throw badUsage(
        `${flag} ${bound.text} looks back more than ${MAX_LOOK_BACK_DAYS.toLocaleString('en-US')} days (10 years), the longest look-back; give an ISO date instead, such as 2016-11-01.`,
      );
    }
  }
}

/** Resolves a {@link TimeBound} against `now`. */
export function resolveBound(bound: TimeBound, now: Date): Date {
  return 'at' in bound ? bound.at : new Date(now.getTime() - bound.agoMs);
}

/** Reads `FROM..TO` (two instants) as a half-open window. */
export function timeWindow(value: string): TimeWindow {
  const parts = value.split('..');
  if (parts.length !== 2) {
    throw new InvalidArgumentError(
      `Not a window: ${JSON.stringify(value)}. Use FROM..TO, e.g. 2026-11-01..2026-11-08.`,
    );
  }

  const from = instant(parts[0] as string);
  const to = instant(parts[1] as string);
  if (from >= to) {
    throw new InvalidArgumentError(
      `Window ${JSON.stringify(value)} ends before it starts; put the earlier time first.`,
    );
  }

  return { from, to };
}

/** Reads a comma-separated list of group-by dimensions. */
export function groupByList(value: string): GroupByDimension[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter(
    (name) => !GROUP_BY.includes(name as GroupByDimension),
  );

  if (names.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(
      `Cannot group by ${JSON.stringify(unknown[0] ?? value)}. Use one or more of ${GROUP_BY.join(', ')}, comma-separated.`,
    );
  }

  return [...new Set(names)] as GroupByDimension[];
}

/** Reads a whole number within `[min, max]`. */
export function integerIn(min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);

    if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
      throw new InvalidArgumentError(
        `Not a whole number from ${min} to ${max}: ${JSON.stringify(value)}.`,
      );
    }

    return number;
  };
}
