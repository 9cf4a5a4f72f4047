import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { csvRecord } from '../src/api/csv.js';
import { mountDashboard } from './support/app.js';
import { MemoryStore } from './support/memory-store.js';
import { makeEvent } from './support/seed.js';

describe('GET /api/export.csv', () => {
  it('should export a breakdown with every group, no top-N', async () => {
    const res = await request(mountDashboard()).get(
      '/llm-costs/api/export.csv?range=24h&table=user',
    );

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="llm-costs-user-2026-12-02.csv"',
    );
    // alice: 1000 + 3000 prompt tokens, 3000 read -> share 0.75.
    expect(res.text.split('\r\n')).toEqual([
      'user,calls,unpriced_calls,cost_usd,share,cost_per_call_usd,prompt_tokens,output_tokens,cache_read_share',
      'alice,1,0,0.006900000,0.92,0.006900000,4000,200,0.75',
      'bob,1,0,0.000600000,0.08,0.000600000,2000,500,0',
      'carol,1,1,0.000000000,0,,100,10,0',
      '',
    ]);
  });

  it('should export every call across pages, defusing formulas', async () => {
    const store = new MemoryStore();
    const events = Array.from({ length: 1203 }, (_, i) =>
      makeEvent({
        id: `e${String(i).padStart(5, '0')}`,
        at: new Date(Date.parse('2026-12-03T00:00:00Z') + i * 1000),
        userId: i === 0 ? '=HYPERLINK("http://x")' : `u${i}`,
      }),
    );
    await store.insertEvents(events);

    const res = await request(mountDashboard({ store })).get(
      '/llm-costs/api/export.csv?range=24h&table=calls',
    );
    const lines = res.text.trim().split('\r\n');

    // A header and 1203 calls: two full pages of 1000 would be 2000.
    expect(lines).toHaveLength(1204);
    expect(lines[0]?.startsWith('id,timestamp,provider,model')).toBe(true);
    expect(lines.at(-1)).toContain(`'=HYPERLINK(""http://x"")`);
    expect(new Set(lines.map((line) => line.split(',')[0])).size).toBe(1204);
  });
});

describe('csvRecord', () => {
  it('should quote separators and defuse formulas in text cells only', () => {
    expect(csvRecord(['a,b', '-1', -1, '@SUM(1)', null], new Set([0, 3]))).toBe(
      '"a,b",-1,-1,\'@SUM(1),\r\n',
    );
  });
});
