import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, byte) =>
  byte.toString(16).padStart(2, '0'),
);

const POOL_BYTES = 4096;
const ID_RANDOM_BYTES = 10;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

let lastMs = -1;
let lastCounter = 0;

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits, so
 * ids sort by time. Between consecutive ids of the same millisecond the
 * 12-bit `rand_a` field is a counter seeded below 2048 (RFC 9562 §6.2,
 * method 1), so at least 2048 ids made in one millisecond also sort in the
 * order they were made.
 *
 * @param timestampMs - The instant to encode (default: now). The tracker
 *   passes the event's timestamp, so simulated clocks give sortable ids too.
 *
 * @example
 * ```ts
 * uuidv7(Date.parse('2026-12-03T10:00:00Z'));
 * // '019ae3ae-a880-7xxx-xxxx-xxxxxxxxxxxx'
 * ```
 */
export function uuidv7(timestampMs: number = Date.now()): string {
  const ms = Math.max(0, Math.min(Math.trunc(timestampMs), 2 ** 48 - 1));
  const random = takeRandomBytes();
  const counter = nextCounter(ms, random);

  return (
    hexOfTimestamp(ms) +
    '-7' +
    HEX[(counter >> 8) & 0x0f]!.slice(1) +
    HEX[counter & 0xff] +
    '-' +
    HEX[0x80 | (random[2]! & 0x3f)] +
    HEX[random[3]!] +
    '-' +
    HEX[random[4]!] +
    HEX[random[5]!] +
    HEX[random[6]!] +
    HEX[random[7]!] +
    HEX[random[8]!] +
    HEX[random[9]!]
  );
}

/** Reads the millisecond timestamp back out of a UUIDv7. */
export function uuidv7Timestamp(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

function nextCounter(ms: number, random: Buffer): number {
  if (ms === lastMs && lastCounter < 0xfff) {
    lastCounter += 1;
    return lastCounter;
  }

  lastMs = ms;
  lastCounter = ((random[0]! << 8) | random[1]!) & 0x7ff;

  return lastCounter;
}

function takeRandomBytes(): Buffer {
  if (poolOffset + ID_RANDOM_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }

  const bytes = pool.subarray(poolOffset, poolOffset + ID_RANDOM_BYTES);
  poolOffset += ID_RANDOM_BYTES;

  return bytes;
}

function hexOfTimestamp(ms: number): string {
  const high = Math.floor(ms / 2 ** 16);
  const low = ms % 2 ** 16;

  return `${high.toString(16).padStart(8, '0')}-${low
    .toString(16)
    .padStart(4, '0')}`;
}
