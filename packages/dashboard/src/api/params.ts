import type { UsageFilter } from '@tokenledger/core';
import { z } from 'zod';
import type { RangePreset, TimeRange } from '../time-range.js';
import { resolvePreset } from '../time-range.js';

const PRESETS = ['24h', '7d', '14d', '30d', '90d'] as const;
const MAX_RANGE_MS = 400 * 86_400_000;
const MINUTE_MS = 60_000;

/** The dimensions a filter or a table can name, as the API spells them. */
export const DIMENSIONS = [
  'user',
  'provider',
  'model',
  'endpoint',
  'release',
] as const;

/** See {@link DIMENSIONS}. */
export type Dimension = (typeof DIMENSIONS)[number];

const text = z.string().min(1).max(200);

const values = z
  .union([text, z.array(text).max(200)])
  .optional()
  .transform((value) =>
    value === undefined ? [] : Array.isArray(value) ? value : [value],
  );

const INSTANT_FORMS =
  'must be a date such as 2026-12-01, a date-time without an offset (read as UTC) such as 2026-12-01T09:00, or one with seconds and an offset such as 2026-12-01T10:00:00+01:00';

/** A `Z` or `+01:00` at the end of a date-time. */
const ZONE_DESIGNATOR = /(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A date (its UTC midnight) or a date-time, as the instant it names: the
 * seconds are optional without an offset and required with one, fractions
 * optional. A date-time without an offset is read as UTC, whatever the
 * server's zone, as the CLI reads it.
 */
const instant = z
  .string()
  .superRefine((value, context) => {
    const problem = calendarProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .pipe(
    z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()], {
      error: INSTANT_FORMS,
    }),
  )
  .transform(readAsUtc);

/** The instant of a valid ISO date or date-time, UTC unless it says otherwise. */
function readAsUtc(value: string): Date {
  const zoned = !value.includes('T') || ZONE_DESIGNATOR.test(value);

  return new Date(zoned ? value : `${value}Z`);
}

/**
 * What is wrong with the `YYYY-MM-DD` a text starts with when it names no
 * day of the calendar (`Date` would roll 2026-02-30 over to March 2);
 * undefined for a real day or a text that is no date.
 */
function calendarProblem(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return undefined;

  const day = match[0];
  const [year, month, date] = match.slice(1).map(Number) as [
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12) {
    return `${day} is not a day; months run 01 to 12`;
  }

  // setUTCFullYear, unlike Date.UTC, takes years 0 to 99 as they are
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  const days = lastDay.getUTCDate();
  if (date >= 1 && date <= days) return undefined;

  const monthName = lastDay.toLocaleString('en-US', {
    month: 'long',
    timeZone: 'UTC',
  });
  return `${day} is not a day; ${monthName} ${year} has ${days} days`;
}

/**
 * A number in a query parameter, between `min` and `max`, read from its
 * text: a repeated parameter (an array) is then named as one ("give it
 * once"), and the range is checked before the integer rule, so a huge
 * value says "at most", not "a safe integer".
 *
 * @example
 * ```ts
 * const top = numberParam({ min: 1, max: 50, whole: true }).default(8);
 * ```
 */
export function numberParam(range: {
  min: number;
  max: number;
  whole: boolean;
}) {
  const bounded = z.number().max(range.max).min(range.min);

  return z
    .string()
    .transform(Number)
    .pipe(range.whole ? bounded.int() : bounded);
}

/** The filter every endpoint accepts: a time range and dimension values. */
export const filterShape = {
  range: z.enum(PRESETS).optional(),
  from: instant.optional(),
  to: instant.optional(),
  user: values,
  provider: values,
  model: values,
  endpoint: values,
  release: values,
};

const filterSchema = z.strictObject(filterShape);

/** The parsed filter parameters. */
export type FilterParams = z.output<typeof filterSchema>;

/** The current window and the previous one it is compared with. */
export interface Windows {
  current: TimeRange;
  previous: TimeRange;
}

/** A 400 answer: the parameter at fault and a sentence saying why. */
export interface ParamError {
  parameter: string;
  message: string;
}

/** Parses a query string with a schema; errors name the first bad parameter. */
export function parseParams<T extends z.ZodType>(
  schema: T,
  query: unknown,
): { ok: true; value: z.output<T> } | { ok: false; error: ParamError } {
  const result = schema.safeParse(query, { error: plainReason });
  if (result.success) return { ok: true, value: result.data };

  // a misspelled parameter usually explains the rest, so it is named first
  const issues = result.error.issues;
  const issue =
    issues.find((each) => each.code === 'unrecognized_keys') ?? issues[0];
  const unknownKey =
    issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const parameter = unknownKey ?? String(issue?.path[0] ?? 'query');
  const reason = unknownKey
    ? `not a parameter of this endpoint (see docs/dashboard.md)`
    : (issue?.message ?? 'invalid');

  return {
    ok: false,
    error: {
      parameter,
      message: `Invalid query parameter "${parameter}": ${reason}.`,
    },
  };
}

/**
 * What is wrong with a parameter, in words a query string's author reads
 * (zod's defaults speak of types: "expected int, received number"). Only
 * reached where the schema sets no message of its own; `undefined` keeps
 * zod's text.
 */
function plainReason(issue: z.core.$ZodRawIssue): string | undefined {
  const repeated =
    Array.isArray(issue.input) &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_value');
  if (repeated) return 'give it once';

  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int'
        ? 'must be a whole number'
        : `must be a ${issue.expected}`;
    case 'too_small':
      if (issue.origin !== 'string') return `must be at least ${issue.minimum}`;

      return issue.minimum === 1
        ? 'must not be empty'
        : `must be at least ${issue.minimum} characters long`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters long`
        : issue.origin === 'array'
          ? `give it at most ${issue.maximum} times`
          : `must be at most ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return undefined;
  }
}

/**
 * Resolves the time range of a request: `from` and `to` when both are given,
 * else the preset (default `7d`) ending at `now` rounded up to the minute, so
 * the calls one page load makes agree on the window.
 */
export function resolveWindows(
  params: Pick<FilterParams, 'range' | 'from' | 'to'>,
  now: Date,
): { ok: true; value: Windows } | { ok: false; error: ParamError } {
  const { from, to } = params;

  if (from === undefined && to === undefined) {
    const minute = Math.ceil(now.getTime() / MINUTE_MS) * MINUTE_MS;
    const preset: RangePreset = params.range ?? '7d';

    return { ok: true, value: resolvePreset(preset, new Date(minute)) };
  }

  if (params.range !== undefined) {
    return fail('range', 'give either "range" or "from" and "to", not both');
  }

  if (from === undefined || to === undefined) {
    const missing = from === undefined ? 'from' : 'to';

    return fail(missing, 'give both "from" and "to", or neither');
  }

  const lengthMs = to.getTime() - from.getTime();
  if (lengthMs <= 0) return fail('to', 'must be later than "from"');
  if (lengthMs > MAX_RANGE_MS) return fail('to', 'the range is over 400 days');

  const previous = {
    from: new Date(from.getTime() - lengthMs),
    to: new Date(from.getTime()),
  };

  return { ok: true, value: { current: { from, to }, previous } };
}

/** The store filter for a window and the dimension values of a request. */
export function toUsageFilter(
  params: FilterParams,
  window: TimeRange,
): UsageFilter {
  const filter: UsageFilter = { from: window.from, to: window.to };

  if (params.user.length > 0) filter.userId = params.user;
  if (params.provider.length > 0) filter.provider = params.provider;
  if (params.model.length > 0) filter.model = params.model;
  if (params.endpoint.length > 0) filter.endpoint = params.endpoint;
  if (params.release.length > 0) filter.release = params.release;

  return filter;
}

function fail(parameter: string, reason: string) {
  return {
    ok: false as const,
    error: {
      parameter,
      message: `Invalid query parameter "${parameter}": ${reason}.`,
    },
  };
}
