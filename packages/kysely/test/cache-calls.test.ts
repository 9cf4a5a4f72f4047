import { cacheDiagnostics, type UsageEvent } from '@tokenledger/core';
import { describe, expect, it } from 'vitest';
import { makeEvent } from './support/events.js';
import { describeEachDialect } from './support/harness.js';

const at = (iso: string) => new Date(`2026-11-02T${iso}Z`);
const DAY = { from: at('00:00:00'), to: new Date('2026-11-03T00:00:00Z') };

/** A call that writes the 2,000-token prefix `p` and reads nothing. */
function write(id: string, time: string, overrides: Partial<UsageEvent> = {}) {
  const base = makeEvent();
  return makeEvent({
    id,
    timestamp: at(time),
    prefixHash: 'p',
    prefixTokens: 2000,
    usage: {
      ...base.usage,
      inputTokens: 100,
      cacheReadTokens: 0,
      cacheWriteTokens: 2000,
    },
    ...overrides,
  });
}

describeEachDialect('cacheCalls', (harness) => {
  describe('when paging', () => {
    it('should return the narrow fields, newest first, ties by id', async () => {
      const { store } = await harness.open();
      await store.insertEvents([
        write('e0', '10:00:00'),
        write('e1', '11:00:00', { prefixHash: null, prefixTokens: null }),
        write('e2', '11:00:00'),
      ]);

      const first = await store.cacheCalls({ limit: 2 });
      const second = await store.cacheCalls({
        limit: 2,
        cursor: first.nextCursor ?? '',
      });

      expect(first.calls).toEqual([
        {
          timeMs: at('11:00:00').getTime(),
          provider: 'anthropic',
          model: 'claude-sonnet-4-5-20250929',
          canonicalModel: 'claude-sonnet-4-5',
          endpoint: 'POST /claims/:id/validate',
          priced: true,
          prefixHash: 'p',
          prefixTokens: 2000,
          inputTokens: 100,
          cacheReadTokens: 0,
          cacheWriteTokens: 2000,
          cacheWrite1hTokens: 0,
        },
        expect.objectContaining({ prefixHash: null, prefixTokens: null }),
      ]);
      expect(second.calls.map((c) => c.timeMs)).toEqual([
        at('10:00:00').getTime(),
      ]);
      expect(second.nextCursor).toBeNull();
    });

    it('should read within the filter', async () => {
      const { store } = await harness.open();
      await store.insertEvents([
        write('e0', '10:00:00'),
        write('e1', '11:00:00', { endpoint: 'POST /other' }),
        write('e2', '12:00:00', { priced: false, costUsd: null, cost: null }),
        write('e3', '23:59:59'),
        write('e4', '13:00:00', { timestamp: DAY.to }),
      ]);

      const page = await store.cacheCalls({
        filter: { ...DAY, endpoint: 'POST /claims/:id/validate', priced: true },
        limit: 10,
      });

      expect(page.calls.map((c) => c.timeMs)).toEqual([
        at('23:59:59').getTime(),
        at('10:00:00').getTime(),
      ]);
    });

    it('should refuse a page larger than 50,000', async () => {
      const { store } = await harness.open();

      const failure = store.cacheCalls({ limit: 50_001 });

      await expect(failure).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
      await expect(failure).rejects.toThrow(
        'limit must be an integer from 1 to 50000, got 50001',
      );
    });
  });

  describe('when the cache diagnosis reads through it', () => {
    it('should count the causes over the newest calls it read', async () => {
      const { store } = await harness.open();
      await store.insertEvents(
        ['10', '11', '12', '13', '14'].map((hour) =>
          write(`e${hour}`, `${hour}:00:00`),
        ),
      );

      const result = await cacheDiagnostics(store, {
        filter: DAY,
        maxEvents: 2,
      });

      // 13:00 and 14:00 read, 11 hours to midnight. 14:00 expired: 2,000 x
      // 3,450,000,000 / 1e6 = 6,900,000 nano x 24 / 11 = 15,054,545.45;
      // 13:00 wrote a prefix never read: 2,000 x 750,000,000 / 1e6 =
      // 1,500,000 x 24 / 11 = 3,272,727.27
      expect(result).toMatchObject({ capped: true, eventsRead: 2 });
      expect(result.diagnostics).toHaveLength(1);
      expect(result.diagnostics[0]).toMatchObject({
        calls: 5,
        causes: [
          expect.objectContaining({
            code: 'expired',
            evidenceCount: 1,
            savingUsdPerDay: '0.015054545',
          }),
          expect.objectContaining({
            code: 'writesNeverRead',
            evidenceCount: 1,
            savingUsdPerDay: '0.003272727',
          }),
        ],
        sampled: { from: at('13:00:00'), to: DAY.to, calls: 2 },
      });
    });
  });
});
