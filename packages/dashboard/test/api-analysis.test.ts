import {
  type Explanation,
  parseUsd,
  storeAnalysis,
  type UsageEvent,
} from '@tokenledger/core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ExplainRequest } from '../src/index.js';
import { mountDashboard, smallStore } from './support/app.js';
import { makeEvent } from './support/seed.js';
import { seededSqlite } from './support/sqlite-store.js';

const EXPLANATION: Explanation = {
  beforeUsdPerDay: '0.004500000',
  afterUsdPerDay: '0.007500000',
  totalChangeUsdPerDay: '0.003000000',
  drivers: [{ driver: 'volume', usdPerDay: '0.003000000' }],
  groups: [],
  sentences: ['Volume +$0.003/day.'],
};

describe('GET /api/explain', () => {
  it('should explain from the store with core analysis by default', async () => {
    const res = await request(mountDashboard()).get(
      '/llm-costs/api/explain?range=24h',
    );
    const { explanation } = res.body as { explanation: Explanation };

    // Priced cost per day: d = 4,500,000 nano before; a + b = 7,500,000
    // after (c is unpriced). POST /chat +2,400,000, the claims route is new.
    expect(explanation.beforeUsdPerDay).toBe('0.004500000');
    expect(explanation.afterUsdPerDay).toBe('0.007500000');
    expect(explanation.totalChangeUsdPerDay).toBe('0.003000000');
    expect(
      explanation.groups.map((g) => [g.key, g.totalChangeUsdPerDay]),
    ).toEqual([
      ['POST /chat', '0.002400000'],
      ['POST /claims/:id/validate', '0.000600000'],
    ]);
    expect(
      explanation.drivers.reduce((sum, d) => sum + parseUsd(d.usdPerDay), 0n),
    ).toBe(3_000_000n);
    expect(explanation.sentences.length).toBeGreaterThan(0);
    // Core's store analysis: bob is new after; alice has 6.9 of 7.5 mUSD.
    expect(explanation.volumeSplit?.newUsers).toBe(1);
    expect(explanation.concentration?.before).toMatchObject({
      users: 1,
      topOnePercentShare: 1,
    });
    expect(explanation.concentration?.after).toMatchObject({
      users: 2,
      topOnePercentUsers: 1,
      topOnePercentShare: 0.92,
      topTenShare: 1,
    });
  });

  it('should compare the range with the previous one', async () => {
    const requests: ExplainRequest[] = [];
    const app = mountDashboard({
      analysis: {
        explain: async (request) => {
          requests.push(request);
          return EXPLANATION;
        },
      },
    });

    const res = await request(app).get(
      '/llm-costs/api/explain?range=24h&user=alice',
    );

    expect(res.body.explanation).toEqual(EXPLANATION);
    expect(requests).toEqual([
      {
        filter: { userId: ['alice'] },
        before: {
          from: new Date('2026-12-01T12:00:00Z'),
          to: new Date('2026-12-02T12:00:00Z'),
        },
        after: {
          from: new Date('2026-12-02T12:00:00Z'),
          to: new Date('2026-12-03T12:00:00Z'),
        },
        by: 'endpoint',
      },
    ]);
  });

  it('should compare whole days either side of a release with core windows', async () => {
    const store = smallStore();
    store.rows.set(
      'e',
      makeEvent({ id: 'e', at: '2026-11-30T08:00:00Z', release: '0.9.0' }),
    );

    // 1.0.0 first calls at 12-02T08:00 (d); data from 11-30T08:00 and to
    // the end of the range, 12-03T12:00: 48 hours before, 28 after, so one
    // whole day each side. Before: no call (e is earlier); after: d alone,
    // 4,500,000 nano (a and b come after 08:00 on 12-03).
    const res = await request(mountDashboard({ store })).get(
      '/llm-costs/api/explain?range=7d&around=1.0.0',
    );

    expect(res.status).toBe(200);
    expect(res.body.before).toEqual({
      from: '2026-12-01T08:00:00.000Z',
      to: '2026-12-02T08:00:00.000Z',
    });
    expect(res.body.after).toEqual({
      from: '2026-12-02T08:00:00.000Z',
      to: '2026-12-03T08:00:00.000Z',
    });
    expect(res.body.explanation.beforeUsdPerDay).toBe('0.000000000');
    expect(res.body.explanation.afterUsdPerDay).toBe('0.004500000');
    expect(res.body.explanation.sentences[0]).toMatch(/^After release 1\.0\.0/);
  });

  it('should pass the release windows to a store explain method', async () => {
    const store = Object.assign(smallStore(), {
      requests: [] as ExplainRequest[],
      async explain(request: ExplainRequest) {
        this.requests.push(request);
        return EXPLANATION;
      },
    });
    store.rows.set(
      'e',
      makeEvent({ id: 'e', at: '2026-11-30T08:00:00Z', release: '0.9.0' }),
    );

    const res = await request(mountDashboard({ store })).get(
      '/llm-costs/api/explain?range=7d&around=1.0.0',
    );

    expect(res.body.explanation).toEqual(EXPLANATION);
    expect(store.requests).toEqual([
      {
        filter: {},
        before: {
          from: new Date('2026-12-01T08:00:00Z'),
          to: new Date('2026-12-02T08:00:00Z'),
        },
        after: {
          from: new Date('2026-12-02T08:00:00Z'),
          to: new Date('2026-12-03T08:00:00Z'),
        },
        by: 'endpoint',
        title: 'After release 1.0.0',
      },
    ]);
  });

  it('should answer 400 naming around for a release without data before it', async () => {
    const res = await request(mountDashboard()).get(
      '/llm-costs/api/explain?range=7d&around=1.0.0',
    );

    expect(res.status).toBe(400);
    expect(res.body.error.parameter).toBe('around');
    expect(res.body.error.message).toBe(
      'Invalid query parameter "around": Release "1.0.0" has no data before its first call (2026-12-02T08:00:00.000Z) to compare with.',
    );
  });

  it('should answer 400 naming around for an unknown release', async () => {
    const res = await request(mountDashboard()).get(
      '/llm-costs/api/explain?range=7d&around=9.9.9',
    );

    expect(res.status).toBe(400);
    expect(res.body.error.parameter).toBe('around');
    expect(res.body.error.message).toContain('has no calls');
  });
});

/** A priced Sonnet call with a prompt-prefix fingerprint. */
function fingerprinted(
  spec: Parameters<typeof makeEvent>[0],
  prefix: { hash: string | null; tokens: number },
): UsageEvent {
  return {
    ...makeEvent(spec),
    prefixHash: prefix.hash,
    prefixTokens: prefix.tokens,
  };
}

/**
 * POST /chat at 09:00 and 10:00: a 400-token prefix, below Sonnet's minimum
 * cacheable size, and no fingerprint.
 */
const CHAT_BELOW_MINIMUM: UsageEvent[] = [
  fingerprinted(
    { id: 'c1', at: '2026-12-03T09:00:00Z', input: 500, output: 100 },
    { hash: null, tokens: 400 },
  ),
  fingerprinted(
    { id: 'c2', at: '2026-12-03T10:00:00Z', input: 500, output: 100 },
    { hash: null, tokens: 400 },
  ),
];

describe('GET /api/cache', () => {
  it('should diagnose the cache with core analysis by default', async () => {
    // Sonnet 4.5 list prices: input $3, cache write $3.75, cache read
    // $0.30 per million; at least 1024 tokens cacheable.
    // - POST /chat, twice: a 400-token prefix, below the minimum. Padded to
    //   1024 it would be read: 400 x (3 - 0.30) - 624 x 0.30 = 892.8 $/M
    //   = 892,800 nano a call, 1,785,600 for both, over a one-day range.
    // - POST /claims, once: 2000 tokens written, never read: a premium of
    //   2000 x (3.75 - 3) $/M = 1,500,000 nano.
    const store = await seededSqlite([
      ...CHAT_BELOW_MINIMUM,
      fingerprinted(
        {
          id: 'w1',
          at: '2026-12-03T11:00:00Z',
          endpoint: 'POST /claims',
          input: 100,
          cacheWrite: 2000,
          output: 100,
        },
        { hash: 'claims-v1', tokens: 2000 },
      ),
    ]);

    try {
      const res = await request(mountDashboard({ store })).get(
        '/llm-costs/api/cache?range=24h',
      );

      expect(res.status).toBe(200);
      expect(res.body.range).toEqual({
        from: '2026-12-02T12:00:00.000Z',
        to: '2026-12-03T12:00:00.000Z',
      });
      expect(
        res.body.diagnostics.map((d: Record<string, unknown>) => ({
          endpoint: d.endpoint,
          calls: d.calls,
          cacheReadShare: d.cacheReadShare,
          writeReadRatio: d.writeReadRatio,
          lostUsdPerDay: d.lostUsdPerDay,
          causes: d.causes,
          unfingerprintedCalls: d.unfingerprintedCalls,
        })),
      ).toEqual([
        {
          endpoint: 'POST /chat',
          calls: 2,
          cacheReadShare: 0,
          writeReadRatio: null,
          lostUsdPerDay: '0.000000000',
          causes: [
            {
              code: 'belowMinimum',
              cause: "prefix below the provider's minimum cacheable size",
              evidenceCount: 2,
              savingUsdPerDay: '0.001785600',
            },
          ],
          unfingerprintedCalls: 2,
        },
        {
          endpoint: 'POST /claims',
          calls: 1,
          cacheReadShare: 0,
          writeReadRatio: null,
          lostUsdPerDay: '0.000000000',
          causes: [
            {
              code: 'writesNeverRead',
              cause: 'cache writes never read',
              evidenceCount: 1,
              savingUsdPerDay: '0.001500000',
            },
          ],
          unfingerprintedCalls: 0,
        },
      ]);
    } finally {
      await store.close();
    }
  });

  it("should take core's storeAnalysis as the analysis option, as the CLI passes it", async () => {
    const store = smallStore();
    const app = mountDashboard({ store, analysis: storeAnalysis(store) });

    const explained = await request(app).get(
      '/llm-costs/api/explain?range=24h',
    );
    const cache = await request(app).get('/llm-costs/api/cache?range=24h');
    const summary = await request(app).get('/llm-costs/api/summary?range=24h');

    expect(explained.body.explanation.totalChangeUsdPerDay).toBe('0.003000000');
    // a reads 3000 of its 4000 prompt tokens, b none of 2000; neither has a
    // fingerprint or a write: no cause, nothing lost against its own week.
    expect(
      cache.body.diagnostics.map((d: Record<string, unknown>) => [
        d.endpoint,
        d.model,
        d.cacheReadShare,
        d.lostUsdPerDay,
        d.causes,
      ]),
    ).toEqual([
      ['POST /chat', 'claude-sonnet-4-5', 0.75, '0.000000000', []],
      ['POST /claims/:id/validate', 'gpt-4o-mini', 0, '0.000000000', []],
    ]);
    expect(summary.body.analysis).toEqual({
      explain: true,
      cacheDiagnostics: true,
      anomalies: true,
    });
  });

  it('should say which endpoint its causes were sampled from', async () => {
    // maxEvents 2: POST /claims needs 1, POST /chat gets the other, its
    // newest call (10:00), so its causes cover 10:00 to 12:00, 2 hours:
    // 892,800 nano x 12 = 10,713,600 a day. Calls still count both.
    const store = await seededSqlite([
      ...CHAT_BELOW_MINIMUM,
      fingerprinted(
        { id: 'w1', at: '2026-12-03T11:00:00Z', endpoint: 'POST /claims' },
        { hash: 'claims-v1', tokens: 2000 },
      ),
    ]);

    try {
      const analysis = storeAnalysis(store, { maxEvents: 2 });
      const res = await request(mountDashboard({ store, analysis })).get(
        '/llm-costs/api/cache?range=24h',
      );
      const chat = res.body.diagnostics.find(
        (d: { endpoint: string }) => d.endpoint === 'POST /chat',
      );
      const claims = res.body.diagnostics.find(
        (d: { endpoint: string }) => d.endpoint === 'POST /claims',
      );

      expect(chat).toMatchObject({
        calls: 2,
        causes: [
          expect.objectContaining({
            code: 'belowMinimum',
            evidenceCount: 1,
            savingUsdPerDay: '0.010713600',
          }),
        ],
        unfingerprintedCalls: 1,
        sampled: {
          from: '2026-12-03T10:00:00.000Z',
          to: '2026-12-03T12:00:00.000Z',
          calls: 1,
        },
      });
      expect(claims).not.toHaveProperty('sampled');
    } finally {
      await store.close();
    }
  });

  it('should answer 501 when the analysis turns cache diagnostics off', async () => {
    const res = await request(
      mountDashboard({ analysis: { cacheDiagnostics: undefined } }),
    ).get('/llm-costs/api/cache');

    expect(res.status).toBe(501);
    expect(res.body.error.code).toBe('NOT_AVAILABLE');
  });
});
