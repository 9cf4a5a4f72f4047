import { randomFillSync } from 'node:crypto';

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Where each of the 16 bytes goes in the 36-character text form. */
const BYTE_POSITIONS = [
  0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34,
];
const text = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');
const bytes = new Uint8Array(16);

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
 * // '01a23b58-b900-7xxx-xxxx-xxxxxxxxxxxx'
 * ```
 */
export function uuidv7(timestampMs: number = Date.now()): string {
  const ms = Math.max(0, Math.min(Math.trunc(timestampMs), 2 ** 48 - 1));
  const at = takeRandomBytes();
  const counter = nextCounter(ms, at);

  writeTimestamp(ms);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (pool[at + 2]! & 0x3f);
  for (let i = 9; i < 16; i += 1) bytes[i] = pool[at + i - 6]!;

  return toText();
}

/** Reads the millisecond timestamp back out of a UUIDv7. */
export function uuidv7Timestamp(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

function nextCounter(ms: number, at: number): number {
  if (ms === lastMs && lastCounter < 0xfff) {
    lastCounter += 1;
    return lastCounter;
  }

  lastMs = ms;
  lastCounter = ((pool[at]! << 8) | pool[at + 1]!) & 0x7ff;

  return lastCounter;
}

/** Reserves 10 random bytes of the pool; returns their offset. */
function takeRandomBytes(): number {
  if (poolOffset + ID_RANDOM_BYTES > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }

  const at = poolOffset;
  poolOffset += ID_RANDOM_BYTES;

  return at;
}

function writeTimestamp(ms: number): void {
  const high = Math.floor(ms / 2 ** 16);
  const low = ms % 2 ** 16;

  bytes[0] = high >>> 24;
  bytes[1] = (high >>> 16) & 0xff;
  bytes[2] = (high >>> 8) & 0xff;
  bytes[3] = high & 0xff;
  bytes[4] = low >>> 8;
  bytes[5] = low & 0xff;
}

// One flat string from a buffer: concatenating 20 hex pieces would make a
// rope of ~500 bytes per id that every queued event would carry.
function toText(): string {
  for (let i = 0; i < 16; i += 1) {
    const at = BYTE_POSITIONS[i]!;
    const byte = bytes[i]!;
    text[at] = HEX_DIGITS[byte >> 4]!;
    text[at + 1] = HEX_DIGITS[byte & 0x0f]!;
  }

  return text.toString('latin1');
}
