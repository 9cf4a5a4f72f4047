import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { mountDashboard } from './support/app.js';

const app = mountDashboard();

describe('dashboard API validation reasons', () => {
  it.each([
    ['/api/breakdown?by=endpoint&top=2.5', 'top', 'must be a whole number'],
    ['/api/events?limit=many', 'limit', 'must be a number'],
    ['/api/events?limit=0', 'limit', 'must be at least 1'],
    ['/api/events?limit=1&limit=2', 'limit', 'give it once'],
    ['/api/breakdown?by=user&top=1e20', 'top', 'must be at most 1000'],
    [
      '/api/breakdown?by=user&top=99999999999999999999',
      'top',
      'must be at most 1000',
    ],
    ['/api/anomalies?threshold=0.5', 'threshold', 'must be at least 1'],
    [
      '/api/anomalies?threshold=2.5&baselineWeeks=2.5',
      'baselineWeeks',
      'must be a whole number',
    ],
    ['/api/summary?range=7d&range=30d', 'range', 'give it once'],
    ['/api/summary?range=1y', 'range', 'must be one of 24h, 7d, 14d, 30d, 90d'],
    ['/api/breakdown?by=user&by=model', 'by', 'give it once'],
    ['/api/timeseries?bucket=week', 'bucket', 'must be one of hour, day'],
    [
      `/api/summary?user=${'x'.repeat(201)}`,
      'user',
      'must be at most 200 characters long',
    ],
  ])('%s names %s and says why', async (path, parameter, reason) => {
    const res = await request(app).get(`/llm-costs${path}`);

    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      `Invalid query parameter "${parameter}": ${reason}.`,
    );
  });
});
