import type { KyselyUsageStore } from '@tokenledger/kysely';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountDashboard } from './support/app.js';
import { makeEvent } from './support/seed.js';
import { seededSqlite } from './support/sqlite-store.js';

const RANGE = 'from=2026-12-03T00:00:00Z&to=2026-12-03T12:00:00Z';

/**
 * POST /chat at 10:00 on four Thursdays: 1000 in x 3000 + 200 out x 15000
 * = 6,000,000 nano each; then on 12-03 at 10:00 one call of 100,000 in x
 * 3000 + 2000 out x 15000 = 330,000,000 nano. 09:00 on 12-03 costs
 * 6,000,000 as on 11-26.
 */
function spikeAtTen() {
  const thursdays = ['11-05', '11-12', '11-19', '11-26'];

  return [
    ...thursdays.map((day) =>
      makeEvent({ id: `base-${day}`, at: `2026-${day}T10:00:00Z` }),
    ),
    makeEvent({ id: 'usual-nine', at: '2026-11-26T09:00:00Z' }),
    makeEvent({ id: 'nine', at: '2026-12-03T09:00:00Z' }),
    makeEvent({
      id: 'spike',
      at: '2026-12-03T10:00:00Z',
      input: 100_000,
      output: 2000,
    }),
  ];
}

describe('GET /api/anomalies', () => {
  let store: KyselyUsageStore;

  beforeAll(async () => {
    store = await seededSqlite(spikeAtTen());
  });

  afterAll(async () => {
    await store.close();
  });

  it('should find the hour far above its same hour of earlier weeks', async () => {
    const res = await request(mountDashboard({ store })).get(
      `/llm-costs/api/anomalies?${RANGE}`,
    );

    // Baseline: median 6,000,000, MAD 0; the spread is the larger of
    // 1.4826 x MAD, 5% of the median and minUsd (10,000,000 nano), so the
    // score is (330,000,000 - 6,000,000) / 10,000,000 = 32.4. 09:00 has
    // baseline hours of 0, 0 and 6,000,000 (11-05 is before the first
    // call): median 0, 6,000,000 above it is under minUsd.
    expect(res.status).toBe(200);
    expect(res.body.checked).toEqual({
      from: '2026-12-03T00:00:00.000Z',
      to: '2026-12-03T12:00:00.000Z',
    });
    expect(res.body.total).toBe(1);
    const [anomaly] = res.body.anomalies;
    expect(anomaly).toMatchObject({
      endpoint: 'POST /chat',
      hourStart: '2026-12-03T10:00:00.000Z',
      costUsd: '0.330000000',
      baselineMedianUsd: '0.006000000',
      baselineMadUsd: '0.000000000',
      score: 32.4,
      baselineHours: [
        '2026-11-26T10:00:00.000Z',
        '2026-11-19T10:00:00.000Z',
        '2026-11-12T10:00:00.000Z',
        '2026-11-05T10:00:00.000Z',
      ],
    });
    // Per day: 4 baseline hours of 6,000,000 = 144,000,000 a day; the hour
    // itself 330,000,000 x 24 = 7,920,000,000 a day.
    expect(anomaly.explanation.beforeUsdPerDay).toBe('0.144000000');
    expect(anomaly.explanation.afterUsdPerDay).toBe('7.920000000');
    expect(anomaly.explanation.totalChangeUsdPerDay).toBe('7.776000000');
    expect(anomaly.explanation.sentences[0]).toMatch(
      /^POST \/chat at 2026-12-03T10:00Z against the same hour in 4 earlier weeks/,
    );
  });

  it('should take the thresholds from the query', async () => {
    const app = mountDashboard({ store });

    // A score of 32.4 is under a threshold of 40; 324,000,000 nano above
    // the median is under minUsd 0.5.
    const high = await request(app).get(
      `/llm-costs/api/anomalies?${RANGE}&threshold=40`,
    );
    const costly = await request(app).get(
      `/llm-costs/api/anomalies?${RANGE}&minUsd=0.5`,
    );
    // With 2 baseline weeks: 11-26 and 11-19 only.
    const short = await request(app).get(
      `/llm-costs/api/anomalies?${RANGE}&baselineWeeks=2`,
    );

    expect(high.body.anomalies).toEqual([]);
    expect(costly.body.anomalies).toEqual([]);
    expect(short.body.anomalies[0].baselineHours).toEqual([
      '2026-11-26T10:00:00.000Z',
      '2026-11-19T10:00:00.000Z',
    ]);
  });

  it('should check only the last 31 days of a longer range', async () => {
    const res = await request(mountDashboard({ store })).get(
      '/llm-costs/api/anomalies?range=90d',
    );

    expect(res.body.checked).toEqual({
      from: '2026-11-02T12:00:00.000Z',
      to: '2026-12-03T12:00:00.000Z',
    });
    expect(res.body.total).toBe(1);
  });

  it.each([
    ['threshold=0', 'threshold'],
    ['baselineWeeks=1', 'baselineWeeks'],
    ['minUsd=ten', 'minUsd'],
    ['top=0', 'top'],
    ['window=1h', 'window'],
  ])('should answer 400 naming the parameter for %s', async (query, name) => {
    const res = await request(mountDashboard({ store })).get(
      `/llm-costs/api/anomalies?${query}`,
    );

    expect(res.status).toBe(400);
    expect(res.body.error.parameter).toBe(name);
    expect(res.body.error.message).toMatch(
      new RegExp(`^Invalid query parameter "${name}"`),
    );
  });

  it('should answer 501 when the analysis turns anomalies off', async () => {
    const res = await request(
      mountDashboard({ store, analysis: { anomalies: undefined } }),
    ).get('/llm-costs/api/anomalies');

    expect(res.status).toBe(501);
  });
});
