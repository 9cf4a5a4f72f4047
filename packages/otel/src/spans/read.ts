import type { Attributes } from '@opentelemetry/api';

/**
 * The first of `keys` that holds a number. A count that is not a
 * non-negative integer is passed on as it is, so that the tracker rejects
 * the call and keeps it in its rejected file, rather than being skipped.
 */
export function firstCount(
  attributes: Attributes,
  keys: readonly string[],
): number | undefined {
  for (const key of keys) {
    const value = attributes[key];
    if (typeof value === 'number') return value;
  }

  return undefined;
}

/** The number at `key`, or undefined. */
export function countAt(
  attributes: Attributes,
  key: string,
): number | undefined {
  const value = attributes[key];

  return typeof value === 'number' ? value : undefined;
}

/** The non-empty string at `key` (a number is turned into one), or undefined. */
export function stringAt(
  attributes: Attributes | undefined,
  key: string,
): string | undefined {
  const value = attributes?.[key];
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number') return String(value);

  return undefined;
}

/** The first non-empty string of `keys`. */
export function firstString(
  attributes: Attributes,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const value = stringAt(attributes, key);
    if (value !== undefined) return value;
  }

  return undefined;
}

/** Whether any of `keys` is set. */
export function hasAny(
  attributes: Attributes,
  keys: readonly string[],
): boolean {
  for (const key of keys) {
    if (attributes[key] !== undefined) return true;
  }

  return false;
}
