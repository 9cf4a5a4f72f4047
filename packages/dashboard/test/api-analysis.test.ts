import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ExplainRequest, Explanation } from '../src/index.js';
import { mountDashboard, smallStore } from './support/app.js';

const EXPLANATION: Explanation = {
  totalChangeUsdPerDay: '0.003000000',
  drivers: [{ driver: 'volume', usdPerDay: '0.003000000' }],
  groups: [],
  sentences: ['Volume +$0.003/day.'],
};

describe('GET /api/explain', () => {
  it('should answer 501 with the fix when no analysis is configured', async () => {
    const res = await request(mountDashboard()).get('/llm-costs/api/explain');

    expect(res.status).toBe(501);
    expect(res.body.error.message).toContain('pass dashboard({ analysis })');
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
