import { type Explanation, parseUsd } from '@tokenledger/core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ExplainRequest } from '../src/index.js';
import { mountDashboard, smallStore } from './support/app.js';

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

  it('should compare equal windows around a release, using the store method', async () => {
    const store = Object.assign(smallStore(), {
      requests: [] as ExplainRequest[],
      async explain(request: ExplainRequest) {
        this.requests.push(request);
        return EXPLANATION;
      },
    });

    // The 7 days end 2026-12-03T12:00; 1.0.0 first calls at 12-02T08:00
    // (event d), 28 hours before the end, so each window is 28 hours.
    const res = await request(mountDashboard({ store })).get(
      '/llm-costs/api/explain?range=7d&around=1.0.0',
    );

    expect(res.body.before).toEqual({
      from: '2026-12-01T04:00:00.000Z',
      to: '2026-12-02T08:00:00.000Z',
    });
    expect(res.body.after).toEqual({
      from: '2026-12-02T08:00:00.000Z',
      to: '2026-12-03T12:00:00.000Z',
    });
    expect(store.requests).toHaveLength(1);
  });
});

describe('GET /api/cache', () => {
  it('should answer 501 without cache diagnostics', async () => {
    const res = await request(mountDashboard()).get('/llm-costs/api/cache');

    expect(res.status).toBe(501);
  });
});
