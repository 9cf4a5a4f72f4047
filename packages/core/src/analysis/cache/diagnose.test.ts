import { describe, expect, it } from 'vitest';
import { at, type Call, recordCalls } from '../test/record.js';
import { cacheDiagnostics } from './store.js';
import type { CacheCauseCode } from './types.js';

/**
 * Claude Sonnet 4.5 list prices in nano-USD per million tokens: input
 * 3,000,000,000, cache read 300,000,000, 5-minute write 3,750,000,000;
 * minimum cacheable prefix 1,024 tokens, default TTL 5 minutes. A read
 * instead of a write saves 3,450,000,000 per million, instead of input
 * 2,700,000,000; a write instead of input costs 750,000,000 more.
 */
const DAY = { from: new Date(at(2)), to: new Date(at(3)) };
const E = 'POST /claims/:id/validate';

type CacheCall = Omit<Call, 'endpoint'>;

/** Matches a cause by its code, evidence and saving. */
function cause(
  code: CacheCauseCode,
  evidenceCount: number,
  savingUsdPerDay: string,
) {
  return expect.objectContaining({ code, evidenceCount, savingUsdPerDay });
}

async function diagnose(calls: CacheCall[], window = DAY) {
  const store = await recordCalls(calls.map((c) => ({ ...c, endpoint: E })));
  const result = await cacheDiagnostics(store, { filter: window });

  return { result, diagnostic: result.diagnostics[0] };
}

describe('cacheDiagnostics', () => {
  describe('when the prefix is below the minimum cacheable size', () => {
    it('should count every call and price padding it to the minimum', async () => {
      // 10 calls of an 800-token prefix (< 1,024), nothing cached. Padded
      // to 1,024 and read: 800 x 2,700,000,000 - 224 x 300,000,000
      // = 2,092,800,000,000 per million = 2,092,800 nano a call; x 10
      const calls = Array.from({ length: 10 }, (_, i) => ({
        at: at(2, 0, i),
        input: 1000,
        prefixHash: 'p-small',
        prefixTokens: 800,
      }));
      const { diagnostic } = await diagnose(calls);

      expect(diagnostic?.causes).toEqual([
        {
          code: 'belowMinimum',
          cause: "prefix below the provider's minimum cacheable size",
          evidenceCount: 10,
          savingUsdPerDay: '0.020928000',
        },
      ]);
      expect(diagnostic).toMatchObject({
        cacheReadShare: 0,
        writeReadRatio: null,
      });
    });
  });

  describe('when the cache expired between calls of the same prefix', () => {
    // written at 00:00, read at 00:02, written again at 00:30 (28 minutes
    // later, TTL 5): 2,000 written tokens could have been read:
    // 2,000 x 3,450,000,000 / 1e6 = 6,900,000 nano
    const calls: CacheCall[] = [
      {
        at: at(2, 0, 0),
        input: 100,
        write: 2000,
        prefixHash: 'g',
        prefixTokens: 2000,
      },
      {
        at: at(2, 0, 2),
        input: 100,
        read: 2000,
        prefixHash: 'g',
        prefixTokens: 2000,
      },
      {
        at: at(2, 0, 30),
        input: 100,
        write: 2000,
        prefixHash: 'g',
        prefixTokens: 2000,
      },
      {
        at: at(2, 0, 31),
        input: 100,
        read: 2000,
        prefixHash: 'g',
        prefixTokens: 2000,
      },
    ];

    it('should count the gap above the TTL', async () => {
      const { diagnostic } = await diagnose(calls);

      expect(diagnostic?.causes).toEqual([cause('expired', 1, '0.006900000')]);
      // 4,000 read of 8,400 prompt tokens; 4,000 written per 4,000 read
      expect(diagnostic).toMatchObject({
        cacheReadShare: 0.4762,
        writeReadRatio: 1,
      });
    });

    it('should not count it when the prefix was written with the 1-hour TTL', async () => {
      const long = calls.map(({ write, ...call }) =>
        write ? { ...call, write1h: write } : call,
      );
      const { diagnostic } = await diagnose(long);

      // healthy, and still reported: 4,000 read of 8,400 prompt tokens
      expect(diagnostic).toMatchObject({
        causes: [],
        lostUsdPerDay: '0.000000000',
        cacheReadShare: 0.4762,
        writeReadRatio: 1,
      });
    });
  });

  describe('when the prefix keeps changing', () => {
    it('should count each new prefix within the TTL as churn', async () => {
      // 5 calls a minute apart, each a new 2,000-token prefix written:
      // calls 2-5 follow a call within the TTL: 4 x 6,900,000 nano;
      // the first write, never read, pays 2,000 x 750,000,000 / 1e6
      const calls = Array.from({ length: 5 }, (_, i) => ({
        at: at(2, 0, i),
        input: 100,
        write: 2000,
        prefixHash: `p-${i}`,
        prefixTokens: 2000,
      }));
      const { diagnostic } = await diagnose(calls);

      expect(diagnostic?.causes).toEqual([
        cause('prefixChurn', 4, '0.027600000'),
        cause('writesNeverRead', 1, '0.001500000'),
      ]);
    });
  });

  describe('when writes are never read', () => {
    it('should count each unread write and price its premium', async () => {
      // 3 calls 10 minutes apart (beyond the TTL, so not churn), each
      // writing a prefix nobody reads: 3 x 1,500,000 nano
      const calls = [0, 10, 20].map((minute, i) => ({
        at: at(2, 0, minute),
        input: 100,
        write: 2000,
        prefixHash: `once-${i}`,
        prefixTokens: 2000,
      }));
      const { diagnostic } = await diagnose(calls);

      expect(diagnostic?.causes).toEqual([
        cause('writesNeverRead', 3, '0.004500000'),
      ]);
    });
  });

  describe('when the read share fell from an earlier week', () => {
    // one call a day; 1-7 Nov: 1,000 input + 4,000 read (share 0.8);
    // 8-14 Nov: 1,000 input + 4,000 written, the same prefix each day
    const calls: CacheCall[] = Array.from({ length: 14 }, (_, i) => ({
      at: at(1 + i, 9),
      input: 1000,
      ...(i < 7 ? { read: 4000 } : { write: 4000 }),
      prefixHash: 'daily',
      prefixTokens: 4000,
    }));
    const week = { from: new Date(at(8)), to: new Date(at(15)) };

    it('should price the loss against the best week', async () => {
      // a day now: 1,000 x 3,000 + 4,000 x 3,750 = 18,000,000 nano; with
      // the best week's mix: 1,000 x 3,000 + 4,000 x 300 = 4,200,000
      const { diagnostic } = await diagnose(calls, week);

      expect(diagnostic).toMatchObject({
        lostUsdPerDay: '0.013800000',
        bestWeek: {
          from: new Date(at(1)),
          to: new Date(at(8)),
          cacheReadShare: 0.8,
        },
      });
    });

    it('should find the expiries behind it', async () => {
      // 9-14 Nov: 6 calls a day after the last: 6 x 4,000 x 3,450,000,000
      // / 1e6 = 82,800,000 nano / 7 days = 11,828,571.43; the 8 Nov write
      // (no earlier call in the window) is never read: 3,000,000 / 7
      const { diagnostic } = await diagnose(calls, week);

      expect(diagnostic?.causes).toEqual([
        cause('expired', 6, '0.011828571'),
        cause('writesNeverRead', 1, '0.000428571'),
      ]);
    });

    it('should say when the event cap cut the window', async () => {
      const store = await recordCalls(
        calls.map((c) => ({ ...c, endpoint: E })),
      );
      const result = await cacheDiagnostics(store, {
        filter: week,
        maxEvents: 3,
      });

      expect(result).toMatchObject({ capped: true, eventsRead: 3 });
      expect(result.window.from).toEqual(new Date(at(12, 9)));
    });
  });

  describe('when an endpoint caches well', () => {
    it('should keep it, after the ones that lose money', async () => {
      // POST /chat writes a 2,000-token prefix at 00:00 and reads it at
      // 00:01, 00:02 and 00:03, 100 input tokens each time: 6,000 read of
      // 8,400 prompt tokens = 0.7143, 2,000 written per 6,000 read = 0.333.
      // E writes a prefix nobody reads (1,500,000 nano lost).
      const chat = [0, 1, 2, 3].map((minute) => ({
        at: at(2, 0, minute),
        endpoint: 'POST /chat',
        input: 100,
        ...(minute === 0 ? { write: 2000 } : { read: 2000 }),
        prefixHash: 'chat',
        prefixTokens: 2000,
      }));
      const once = {
        at: at(2, 1),
        endpoint: E,
        input: 100,
        write: 2000,
        prefixHash: 'once',
        prefixTokens: 2000,
      };
      const store = await recordCalls([...chat, once]);
      const { diagnostics } = await cacheDiagnostics(store, { filter: DAY });

      expect(diagnostics.map((d) => [d.endpoint, d.causes.length])).toEqual([
        [E, 1],
        ['POST /chat', 0],
      ]);
      expect(diagnostics[1]).toEqual({
        endpoint: 'POST /chat',
        model: 'claude-sonnet-4-5',
        calls: 4,
        cacheReadShare: 0.7143,
        writeReadRatio: 0.333,
        lostUsdPerDay: '0.000000000',
        // the 7-day block ending with the window, 27 Oct to 3 Nov
        bestWeek: {
          from: new Date(Date.UTC(2026, 9, 27)),
          to: new Date(at(3)),
          cacheReadShare: 0.7143,
        },
        causes: [],
        unfingerprintedCalls: 0,
      });
    });
  });

  describe('when an endpoint has more calls than its share of the cap', () => {
    // POST /a: a 2,000-token prefix written at 09:00, read at 09:01. E: the
    // same 2,000-token prefix written every hour from 10:00 to 14:00, never
    // read. A cap of 4 gives POST /a its 2 calls and E the 2 left: 13:00 and
    // 14:00, so E's causes are counted over 13:00 to midnight, 11 hours.
    const chat = [0, 1].map((minute) => ({
      at: at(2, 9, minute),
      endpoint: 'POST /a',
      input: 100,
      ...(minute === 0 ? { write: 2000 } : { read: 2000 }),
      prefixHash: 'a',
      prefixTokens: 2000,
    }));
    const hourly = [10, 11, 12, 13, 14].map((hour) => ({
      at: at(2, hour),
      endpoint: E,
      input: 100,
      write: 2000,
      prefixHash: 'p',
      prefixTokens: 2000,
    }));

    it('should count its causes over its newest calls only, and say so', async () => {
      const store = await recordCalls([...chat, ...hourly]);

      const result = await cacheDiagnostics(store, {
        filter: DAY,
        maxEvents: 4,
      });

      // 14:00 expired (13:00 is an hour before): 2,000 x 3,450,000,000 /
      // 1e6 = 6,900,000 nano x 24 / 11 = 15,054,545.45; 13:00 wrote a
      // prefix never read: 2,000 x 750,000,000 / 1e6 = 1,500,000 x 24 / 11
      // = 3,272,727.27. Calls and shares cover the whole day: 5 calls.
      expect(result).toMatchObject({ capped: true, eventsRead: 4 });
      expect(result.window).toEqual({ from: new Date(at(2, 13)), to: DAY.to });
      expect(result.diagnostics.map((d) => d.endpoint)).toEqual([E, 'POST /a']);
      expect(result.diagnostics[0]).toMatchObject({
        calls: 5,
        cacheReadShare: 0,
        writeReadRatio: null,
        lostUsdPerDay: '0.000000000',
        causes: [
          cause('expired', 1, '0.015054545'),
          cause('writesNeverRead', 1, '0.003272727'),
        ],
        unfingerprintedCalls: 0,
        sampled: { from: new Date(at(2, 13)), to: DAY.to, calls: 2 },
      });
      expect(result.diagnostics[1]).toMatchObject({ calls: 2, causes: [] });
      expect(result.diagnostics[1]).not.toHaveProperty('sampled');
    });

    it('should measure a window that cuts days the same way', async () => {
      // 09:00 to 20:00: the same calls and the same 2 of E read, from
      // 13:00 to 20:00, 7 hours: 6,900,000 x 24 / 7 = 23,657,142.86 and
      // 1,500,000 x 24 / 7 = 5,142,857.14
      const store = await recordCalls([...chat, ...hourly]);
      const window = { from: new Date(at(2, 9)), to: new Date(at(2, 20)) };

      const result = await cacheDiagnostics(store, {
        filter: window,
        maxEvents: 4,
      });

      expect(result.diagnostics[0]).toMatchObject({
        endpoint: E,
        calls: 5,
        causes: [
          expect.objectContaining({ savingUsdPerDay: '0.023657143' }),
          expect.objectContaining({ savingUsdPerDay: '0.005142857' }),
        ],
        sampled: { from: new Date(at(2, 13)), to: window.to, calls: 2 },
      });
      expect(result.diagnostics[1]).toMatchObject({
        endpoint: 'POST /a',
        calls: 2,
        cacheReadShare: 0.4762,
      });
    });

    it('should read every call when the cap allows', async () => {
      // E alone: 11:00 to 14:00 expired, 4 x 6,900,000 = 27,600,000 a day;
      // its first write, at 10:00, is never read: 1,500,000
      const store = await recordCalls(hourly);

      const result = await cacheDiagnostics(store, { filter: DAY });

      expect(result).toMatchObject({ capped: false, eventsRead: 5 });
      expect(result.diagnostics[0]?.causes).toEqual([
        cause('expired', 4, '0.027600000'),
        cause('writesNeverRead', 1, '0.001500000'),
      ]);
      expect(result.diagnostics[0]).not.toHaveProperty('sampled');
    });
  });
});
