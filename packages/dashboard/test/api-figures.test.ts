import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { mountDashboard, smallStore } from './support/app.js';
import { makeEvent } from './support/seed.js';

const app = mountDashboard();

describe('GET /api/summary', () => {
  it('should compare the last 24 hours with the 24 hours before', async () => {
    const res = await request(app).get('/llm-costs/api/summary?range=24h');

    expect(res.status).toBe(200);
    expect(res.body.range).toEqual({
      from: '2026-12-02T12:00:00.000Z',
      to: '2026-12-03T12:00:00.000Z',
    });
    // a + b = 6,900,000 + 600,000 nano; 2 priced calls -> 3,750,000 each.
    // Cache reads 3000 of 1000+3000+2000+100 = 6100 prompt tokens.
    // Output per call (200 + 500 + 10) / 3 = 236.67 -> 236.7.
    expect(res.body.current).toEqual({
      costUsd: '0.007500000',
      calls: 3,
      costPerCallUsd: '0.003750000',
      cacheReadShare: 3000 / 6100,
      outputTokensPerCall: 236.7,
      unpricedCalls: 1,
    });
    expect(res.body.previous).toMatchObject({
      costUsd: '0.004500000',
      calls: 1,
      outputTokensPerCall: 100,
    });
    // Cost +3,000,000 nano = +66.7 %; cost per call 3.75 vs 4.5 = -16.7 %.
    expect(res.body.change).toMatchObject({
      costUsd: { delta: '0.003000000', percent: 66.7 },
      calls: { delta: 2, percent: 200 },
      costPerCallUsd: { delta: '-0.000750000', percent: -16.7 },
      outputTokensPerCall: { delta: 136.7, percent: 136.7 },
      unpricedCalls: { delta: 1, percent: null },
    });
    expect(res.body.storeEmpty).toBe(false);
  });

  it('should narrow every figure by a user filter', async () => {
    const res = await request(app).get(
      '/llm-costs/api/summary?range=24h&user=bob&user=carol',
    );

    expect(res.body.current).toMatchObject({
      costUsd: '0.000600000',
      calls: 2,
      costPerCallUsd: '0.000600000',
      unpricedCalls: 1,
    });
  });
});

describe('GET /api/breakdown', () => {
  it('should give each user a share of the total', async () => {
    const res = await request(app).get(
      '/llm-costs/api/breakdown?range=24h&by=user',
    );

    // 6.9 / 7.5 = 0.92 and 0.6 / 7.5 = 0.08; carol is unpriced.
    expect(
      res.body.rows.map((row: { key: string; share: number }) => [
        row.key,
        row.share,
      ]),
    ).toEqual([
      ['alice', 0.92],
      ['bob', 0.08],
      ['carol', 0],
    ]);
    expect(res.body.total).toMatchObject({ calls: 3, costUsd: '0.007500000' });
  });

  it('should fold the groups beyond the top N into an other row', async () => {
    const res = await request(app).get(
      '/llm-costs/api/breakdown?range=24h&by=user&top=1',
    );

    expect(res.body.rows).toEqual([
      expect.objectContaining({ key: 'alice', costUsd: '0.006900000' }),
      expect.objectContaining({
        key: null,
        other: true,
        calls: 2,
        unpricedCalls: 1,
        costUsd: '0.000600000',
        share: 0.08,
        promptTokens: 2100,
        outputTokens: 510,
      }),
    ]);
  });
});

describe('GET /api/timeseries', () => {
  it('should give hourly cost by component', async () => {
    const res = await request(app).get('/llm-costs/api/timeseries?range=24h');

    expect(res.body.bucket).toBe('hour');
    expect(res.body.buckets).toHaveLength(24);
    // Buckets start at 12:00 the day before: 09:00 -> 21, 10:00 -> 22.
    const input = res.body.series.find(
      (s: { key: string }) => s.key === 'input',
    );
    expect(input.costUsd[22]).toBe('0.003000000');
    expect(input.costUsd[23]).toBe('0.000300000');
    expect(input.costUsd[0]).toBe('0.000000000');
    expect(res.body.metrics.calls.slice(21)).toEqual([1, 1, 1]);
    // 3000 cache read of 4000 prompt tokens at 10:00.
    expect(res.body.metrics.cacheReadShare[22]).toBe(0.75);
    expect(res.body.metrics.cacheReadShare[0]).toBeNull();
  });

  it('should mark only the releases whose first call is in the range', async () => {
    // 1.0.0 first calls at 12-02T08:00 (d), before the range starts at
    // 12:00: no marker, though its first call in the range is at 09:00.
    // 1.1.0 first calls at 12-03T11:15, 1.2.0 at 06:40 (with one call of
    // it later): both inside, each at its hour.
    const store = smallStore();
    store.rows.set(
      'e',
      makeEvent({ id: 'e', at: '2026-12-03T11:15:00Z', release: '1.1.0' }),
    );
    store.rows.set(
      'f',
      makeEvent({ id: 'f', at: '2026-12-03T06:40:00Z', release: '1.2.0' }),
    );
    store.rows.set(
      'g',
      makeEvent({ id: 'g', at: '2026-12-03T10:05:00Z', release: '1.2.0' }),
    );

    const res = await request(mountDashboard({ store })).get(
      '/llm-costs/api/timeseries?range=24h',
    );

    expect(res.body.releases).toEqual([
      { release: '1.2.0', firstSeen: '2026-12-03T06:00:00.000Z' },
      { release: '1.1.0', firstSeen: '2026-12-03T11:00:00.000Z' },
    ]);
  });

  it('should mark a release that starts in the range of a filter, judged with that filter', async () => {
    // For bob (calls only at 11:30 in 1.0.0) the release starts in the range.
    const res = await request(app).get(
      '/llm-costs/api/timeseries?range=24h&user=bob',
    );

    expect(res.body.releases).toEqual([
      { release: '1.0.0', firstSeen: '2026-12-03T11:00:00.000Z' },
    ]);
  });

  it('should split by model with the rest as other', async () => {
    const res = await request(app).get(
      '/llm-costs/api/timeseries?range=24h&split=model&top=1',
    );

    expect(
      res.body.series.map((s: { key: string; totalUsd: string }) => [
        s.key,
        s.totalUsd,
      ]),
    ).toEqual([
      ['claude-sonnet-4-5', '0.006900000'],
      [null, '0.000600000'],
    ]);
    expect(res.body.series[1].otherGroups).toBe(2);
  });

  it('should bucket by day for a week', async () => {
    const res = await request(app).get('/llm-costs/api/timeseries?range=7d');

    // 2026-11-27T00:00 to 2026-12-03T12:00: 7 UTC days, today the last.
    expect(res.body.bucket).toBe('day');
    expect(res.body.buckets).toHaveLength(7);
    expect(res.body.buckets[0]).toBe('2026-11-27T00:00:00.000Z');
  });
});
