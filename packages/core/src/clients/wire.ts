/** A JSON object as parsed from a provider's wire format. */
export type WireObject = Record<string, unknown>;

/** Whether `value` is a plain (non-array) object. */
export function isWireObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value[key]` when it is an object, else `undefined`. */
export function objectAt(value: unknown, key: string): WireObject | undefined {
  if (!isWireObject(value)) return undefined;

  const field = value[key];

  return isWireObject(field) ? field : undefined;
}

/** `value[key]` when it is a string, else `undefined`. */
export function stringAt(value: unknown, key: string): string | undefined {
  if (!isWireObject(value)) return undefined;

  const field = value[key];

  return typeof field === 'string' ? field : undefined;
}

/** `value[key]` when it is a number, else `undefined`. */
export function numberAt(value: unknown, key: string): number | undefined {
  if (!isWireObject(value)) return undefined;

  const field = value[key];

  return typeof field === 'number' ? field : undefined;
}

/** `value[key]` when it is an array, else an empty one. */
export function arrayAt(value: unknown, key: string): readonly unknown[] {
  if (!isWireObject(value)) return [];

  const field = value[key];

  return Array.isArray(field) ? field : [];
}

/** Copies `source` without the keys whose value is `null` or `undefined`. */
export function withoutNullish(source: WireObject): WireObject {
  const entries = Object.entries(source).filter(
    ([, value]) => value !== null && value !== undefined,
  );

  return Object.fromEntries(entries);
}
