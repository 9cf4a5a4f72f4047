import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { dashboard } from '../src/index.js';
import { mountDashboard } from './support/app.js';
import { seededSqlite } from './support/sqlite-store.js';

const app = mountDashboard();

describe('dashboard API validation', () => {
  it.each([
    ['/api/timeseries?bucket=week', 'bucket'],
    ['/api/timeseries?range=90d&bucket=hour', 'bucket'],
    ['/api/summary?range=1y', 'range'],
    ['/api/summary?from=2026-12-01', 'to'],
    ['/api/summary?from=2026-12-02&to=2026-12-01', 'to'],
    ['/api/summary?from=yesterday&to=2026-12-01', 'from'],
    ['/api/summary?range=7d&from=2026-11-01&to=2026-11-08', 'range'],
    ['/api/summary?usr=alice', 'usr'],
    ['/api/breakdown', 'by'],
    ['/api/breakdown?by=colour', 'by'],
    ['/api/breakdown?groupBy=user', 'groupBy'],
    ['/api/events?limit=0', 'limit'],
    ['/api/events?limit=many', 'limit'],
    ['/api/export.csv?table=secrets', 'table'],
    ['/api/explain?by=planet', 'by'],
  ])(
    'should answer 400 naming the parameter for %s',
    async (path, parameter) => {
      const res = await request(app).get(`/llm-costs${path}`);

      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_QUERY');
      expect(res.body.error.parameter).toBe(parameter);
      expect(res.body.error.message).toContain(`"${parameter}"`);
    },
  );

  it('should say why a parameter is wrong', async () => {
    const res = await request(app).get('/llm-costs/api/summary?usr=alice');

    expect(res.body.error.message).toMatchInlineSnapshot(
      `"Invalid query parameter "usr": not a parameter of this endpoint (see docs/dashboard.md)."`,
    );
  });

  it('should say what a date looks like', async () => {
    const res = await request(app).get(
      '/llm-costs/api/summary?from=yesterday&to=2026-12-01',
    );

    expect(res.body.error.message).toBe(
      'Invalid query parameter "from": must be a date such as 2026-12-01, a date-time without an offset (read as UTC) such as 2026-12-01T09:00, or one with seconds and an offset such as 2026-12-01T10:00:00+01:00.',
    );
  });

  it('should name a misspelled parameter before the one it left missing', async () => {
    const res = await request(app).get('/llm-costs/api/breakdown?groupBy=user');

    expect(res.body.error.message).toBe(
      'Invalid query parameter "groupBy": not a parameter of this endpoint (see docs/dashboard.md).',
    );
  });

  it('should answer 400 naming the cursor when the store refuses it', async () => {
    const store = await seededSqlite([]);
    const sqliteApp = express().use(
      '/llm-costs',
      dashboard({ store, allowUnauthenticated: true }),
    );

    const res = await request(sqliteApp).get(
      '/llm-costs/api/events?cursor=garbage',
    );
    await store.close();

    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'INVALID_QUERY',
      parameter: 'cursor',
      message:
        'Invalid query parameter "cursor": not one this store returned; pass the nextCursor of the previous page, or leave it out for the first page.',
    });
  });

  it('should answer 404 with JSON for an unknown API path', async () => {
    const res = await request(app).get('/llm-costs/api/costs');

    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('from and to', () => {
  const zoneOfTheRun = process.env.TZ;

  afterEach(() => {
    if (zoneOfTheRun === undefined) delete process.env.TZ;
    else process.env.TZ = zoneOfTheRun;
  });

  async function summaryRanges(query: string) {
    const res = await request(app).get(`/llm-costs/api/summary?${query}`);
    expect(res.status).toBe(200);

    return { range: res.body.range, previousRange: res.body.previousRange };
  }

  it.each([
    [
      'from=2026-12-01T09:00&to=2026-12-02T09:00',
      ['2026-12-01T09:00:00.000Z', '2026-12-02T09:00:00.000Z'],
    ],
    [
      'from=2026-12-01T09:00:30&to=2026-12-01T10:15:45.25',
      ['2026-12-01T09:00:30.000Z', '2026-12-01T10:15:45.250Z'],
    ],
    [
      'from=2026-12-01&to=2026-12-03',
      ['2026-12-01T00:00:00.000Z', '2026-12-03T00:00:00.000Z'],
    ],
    [
      'from=2026-12-01T10:00:00%2B01:00&to=2026-12-01T12:00:00Z',
      ['2026-12-01T09:00:00.000Z', '2026-12-01T12:00:00.000Z'],
    ],
  ])(
    'should read %s as UTC unless an offset says otherwise, whatever the server zone',
    async (query, [from, to]) => {
      process.env.TZ = 'America/New_York';
      // the zone is in effect: a bare Date would read 09:00 as 14:00 UTC
      expect(new Date('2026-12-01T09:00').toISOString()).toBe(
        '2026-12-01T14:00:00.000Z',
      );

      const { range } = await summaryRanges(query);

      expect(range).toEqual({ from, to });
    },
  );

  it('should compare an offset-less window with the one of equal length before it', async () => {
    process.env.TZ = 'America/New_York';

    const ranges = await summaryRanges(
      'from=2026-12-01T09:00&to=2026-12-02T09:00',
    );

    expect(ranges).toEqual({
      range: {
        from: '2026-12-01T09:00:00.000Z',
        to: '2026-12-02T09:00:00.000Z',
      },
      previousRange: {
        from: '2026-11-30T09:00:00.000Z',
        to: '2026-12-01T09:00:00.000Z',
      },
    });
  });

  it.each([
    [
      'from=2026-02-30&to=2026-03-02',
      'from',
      '2026-02-30 is not a day; February 2026 has 28 days',
    ],
    [
      'from=2028-02-28&to=2028-02-30T09:00',
      'to',
      '2028-02-30 is not a day; February 2028 has 29 days',
    ],
    [
      'from=2026-13-01T09:00&to=2026-12-02',
      'from',
      '2026-13-01 is not a day; months run 01 to 12',
    ],
    [
      'from=2026-12-01T09:00Z&to=2026-12-02T09:00Z',
      'from',
      'must be a date such as 2026-12-01, a date-time without an offset (read as UTC) such as 2026-12-01T09:00, or one with seconds and an offset such as 2026-12-01T10:00:00+01:00',
    ],
    [
      'from=2026-12-01T9:00&to=2026-12-02T09:00',
      'from',
      'must be a date such as 2026-12-01, a date-time without an offset (read as UTC) such as 2026-12-01T09:00, or one with seconds and an offset such as 2026-12-01T10:00:00+01:00',
    ],
    ['from=2026-12-01&from=2026-12-02&to=2026-12-03', 'from', 'give it once'],
  ])(
    'should answer %s with a 400 naming %s: %s',
    async (query, parameter, reason) => {
      const res = await request(app).get(`/llm-costs/api/summary?${query}`);

      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: 'INVALID_QUERY',
        parameter,
        message: `Invalid query parameter "${parameter}": ${reason}.`,
      });
    },
  );
});

describe('GET /api/events', () => {
  it('should page through the calls newest first with a cursor', async () => {
    const first = await request(app).get(
      '/llm-costs/api/events?range=24h&limit=2',
    );
    const ids = first.body.events.map((e: { id: string }) => e.id);

    expect(ids).toEqual(['b', 'a']);
    expect(first.body.events[0]).toMatchObject({
      timestamp: '2026-12-03T11:30:00.000Z',
      userId: 'bob',
      costUsd: '0.000600000',
    });

    const second = await request(app).get(
      `/llm-costs/api/events?range=24h&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.events.map((e: { id: string }) => e.id)).toEqual(['c']);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('GET /api/facets', () => {
  it('should search each dimension case-insensitively and cap the list', async () => {
    const res = await request(app).get(
      '/llm-costs/api/facets?range=24h&search=AL',
    );

    expect(res.body.facets.user).toEqual({ values: ['alice'], matched: 1 });
    expect(res.body.facets.endpoint).toEqual({
      values: ['POST /claims/:id/validate'],
      matched: 1,
    });
  });

  it('should report how many values the cap hid', async () => {
    const res = await request(app).get(
      '/llm-costs/api/facets?range=24h&limit=1',
    );

    expect(res.body.facets.user).toEqual({ values: ['alice'], matched: 3 });
  });
});
