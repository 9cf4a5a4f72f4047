import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Timestamp } from './uuid.js';

const UUID_V7 =
  /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('should have the version 7 and RFC 9562 variant bits', () => {
    for (let i = 0; i < 1_000; i += 1) expect(uuidv7()).toMatch(UUID_V7);
  });

  it('should encode the milliseconds in the first 48 bits', () => {
    // 2026-12-03T10:00:00.000Z = 1796292000000 ms = 0x01a23b58b900
    const id = uuidv7(Date.UTC(2026, 11, 3, 10));

    expect(id.slice(0, 13)).toBe('01a23b58-b900');
    expect(uuidv7Timestamp(id)).toBe(1_796_292_000_000);
  });

  it('should sort in creation order within one millisecond', () => {
    const ms = Date.UTC(2026, 11, 3, 10, 0, 0, 1);
    const ids = Array.from({ length: 2_000 }, () => uuidv7(ms));

    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(2_000);
  });

  it('should sort by time across milliseconds', () => {
    const start = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 500 }, (_, i) => uuidv7(start + i * 7));

    expect([...ids].sort()).toEqual(ids);
  });

  it('should not repeat over many ids', () => {
    const ids = new Set(Array.from({ length: 100_000 }, () => uuidv7()));

    expect(ids.size).toBe(100_000);
  });
});
