import { createHash } from 'node:crypto';

const MAX_UUID_TIME_MS = 2 ** 48;

/**
 * A deterministic, UUIDv7-shaped id for a raw call: the call's time in the
 * first 48 bits (so ids sort by time like the tracker's), then 74 bits of
 * the SHA-256 of the line. The same line always gets the same id, so a
 * file ingested twice is stored once (RFC 9562 §5.7 layout, §6.2 allows
 * other sources for the random bits).
 *
 * @example
 * ```ts
 * lineEventId('{"model":"gpt-4o",...}', Date.parse('2026-11-02T10:00:00Z'));
 * // '019a441a-0c00-7…'
 * ```
 */
export function lineEventId(line: string, timeMs: number): string {
  if (!(timeMs >= 0 && timeMs < MAX_UUID_TIME_MS)) {
    throw new RangeError(
      `"timestamp" must fall between 1970 and year 10889, got ${new Date(timeMs).toISOString?.() ?? timeMs}.`,
    );
  }

  const hash = createHash('sha256').update(line).digest('hex');
  const time = Math.trunc(timeMs).toString(16).padStart(12, '0');
  const variant = (
    (Number.parseInt(hash[3] as string, 16) & 0x3) |
    0x8
  ).toString(16);

  return `${time.slice(0, 8)}-${time.slice(8)}-7${hash.slice(0, 3)}-${variant}${hash.slice(4, 7)}-${hash.slice(7, 19)}`;
}
