const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * Parses a look-back like `30m`, `12h`, `7d` or `2w` into milliseconds.
 *
 * @example
 * ```ts
 * parseDuration('7d'); // 604800000
 * ```
 */
export function parseDuration(text: string): number {
  const match = /^(\d+)([mhdw])$/.exec(text.trim());

  if (!match) {
    throw new RangeError(
      `Not a duration: ${JSON.stringify(text)}. Use a whole number and a unit: 30m, 12h, 7d or 2w.`,
    );
  }

  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}
