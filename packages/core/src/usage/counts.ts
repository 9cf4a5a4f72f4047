import { UsageError } from '../errors.js';
import { type ApiShape, MAX_TOKEN_COUNT } from '../schema.js';

/** A provider usage object, read field by field. */
export type UsageRecord = Record<string, unknown>;

const DOCS = 'See docs/usage-semantics.md for the fields each shape reads.';

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is UsageRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an integer from 0 to {@link MAX_TOKEN_COUNT}. */
export function isCount(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= MAX_TOKEN_COUNT
  );
}

/** Reads a count the provider always reports; throws when it is bad. */
export function requireCount(
  shape: ApiShape,
  value: unknown,
  field: string,
): number {
  if (isCount(value)) return value;

  throw invalidCount(shape, field, value);
}

/** Reads a count the provider may omit or send as null (read as 0). */
export function optionalCount(
  shape: ApiShape,
  value: unknown,
  field: string,
): number {
  if (value === undefined || value === null) return 0;

  return requireCount(shape, value, field);
}

/** Reads a nested object the provider may omit or send as null. */
export function optionalRecord(
  shape: ApiShape,
  value: unknown,
  field: string,
): UsageRecord | undefined {
  if (value === undefined || value === null) return undefined;

  return requireRecord(shape, value, field);
}

/** Reads an object the provider always sends, e.g. an array entry. */
export function requireRecord(
  shape: ApiShape,
  value: unknown,
  field: string,
): UsageRecord {
  if (isRecord(value)) return value;

  throw new UsageError(
    `Invalid ${shape} usage: ${field} is ${value === undefined ? 'missing' : describe(value)}; expected an object. ${DOCS}`,
    { shape, field, details: { received: value } },
  );
}

/** Reads an array the provider may omit or send as null. */
export function optionalArray(
  shape: ApiShape,
  value: unknown,
  field: string,
): readonly unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;

  throw new UsageError(
    `Invalid ${shape} usage: ${field} is ${describe(value)}; expected an array. ${DOCS}`,
    { shape, field, details: { received: value } },
  );
}

/**
 * Checks that a count (or a sum of counts) the provider says is part of
 * another is not larger than it.
 */
export function ensurePartOf(
  shape: ApiShape,
  part: number,
  partField: string,
  whole: number,
  wholeField: string,
): void {
  if (part <= whole) return;

  throw new UsageError(
    `Invalid ${shape} usage: ${partField} (${part}) is larger than ${wholeField} (${whole}), which includes it. The counts contradict each other; pass the provider's usage object unchanged. ${DOCS}`,
    { shape, field: partField, details: { part, whole } },
  );
}

/** Checks that a class derived by adding counts is still plausible. */
export function ensureWithinMax(
  shape: ApiShape,
  total: number,
  what: string,
): number {
  if (total <= MAX_TOKEN_COUNT) return total;

  throw new UsageError(
    `Invalid ${shape} usage: ${what} add up to ${total}, more than the ${MAX_TOKEN_COUNT} tokens one call can plausibly use. ${DOCS}`,
    { shape, field: what, details: { total } },
  );
}

function invalidCount(
  shape: ApiShape,
  field: string,
  value: unknown,
): UsageError {
  return new UsageError(
    `Invalid ${shape} usage: ${field} ${whatIsWrong(value)}; expected an integer count from 0 to ${MAX_TOKEN_COUNT}. ${DOCS}`,
    { shape, field, details: { received: value } },
  );
}

function whatIsWrong(value: unknown): string {
  if (value === undefined || value === null) return 'is missing';
  if (typeof value === 'string') {
    return `is the string ${JSON.stringify(value)}, not a number`;
  }
  if (typeof value !== 'number') return `is ${describe(value)}`;
  if (Number.isNaN(value)) return 'is NaN';
  if (value < 0) return `is negative (${value})`;
  if (!Number.isInteger(value)) return `is not a whole number (${value})`;

  return `is ${value}, an absurd count for one call`;
}

/** A short description of a value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';

  return `${typeof value} ${String(value)}`;
}
