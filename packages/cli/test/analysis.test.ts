import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tokenledger, writeJsonLines } from './cli.js';
import { chatCall, storedEvent } from './fixtures.js';

const { dir, cleanup } = tempDir();
const db = `sqlite:${join(dir, 'explain.db')}`;
const cacheDb = `sqlite:${join(dir, 'cache.db')}`;

async function ingest(store: string, name: string, lines: object[]) {
  const file = join(dir, name);
  writeJsonLines(file, lines);
  const run = await tokenledger(['ingest', '--db', store, '--file', file]);
  expect(run.code).toBe(0);
}

// explain.db: one gpt-4o chat (0.004750000) on 2026-11-01 under release
// 2.3.0, two on 2026-11-02 under 2.4.0. cache.db: two cache writes of one
// prefix 10 minutes apart.
beforeAll(async () => {
  await ingest(db, 'chats.jsonl', [
    chatCall('2026-11-01T10:00:00Z', { release: '2.3.0' }),
    chatCall('2026-11-02T10:00:00Z', { release: '2.4.0' }),
    chatCall('2026-11-02T12:00:00Z', { release: '2.4.0', userId: 'u-2' }),
  ]);
  await ingest(cacheDb, 'drafts.jsonl', [
    storedEvent('0199a000-0000-7000-8000-000000000001', '2026-11-05T10:00:00Z'),
    storedEvent('0199a000-0000-7000-8000-000000000002', '2026-11-05T10:10:00Z'),
  ]);
});
afterAll(() => cleanup());

describe('tokenledger explain', () => {
  describe('when given two windows', () => {
    it('should split the change per day into drivers and groups', async () => {
      const run = await tokenledger([
        'explain',
        '--db',
        db,
        '--before',
        '2026-11-01..2026-11-02',
        '--after',
        '2026-11-02..2026-11-03',
      ]);

      expect(run.code).toBe(0);
      const lines = run.stdout.split('\n');
      // 1 call a day → 2 calls a day of 0.004750000: all volume
      expect(lines.slice(0, 3)).toEqual([
        'before: 2026-11-01T00:00:00.000Z .. 2026-11-02T00:00:00.000Z',
        'after:  2026-11-02T00:00:00.000Z .. 2026-11-03T00:00:00.000Z',
        'cost per day: 0.004750000 -> 0.009500000 USD (0.004750000)',
      ]);
      expect(lines.slice(4, 6)).toEqual([
        'Overall: +$0.0048/day. Volume +$0.0048 (calls per day 1 -> 2).',
        'POST /chat: +$0.0048/day. Volume +$0.0048 (calls per day 1 -> 2). New release in this window: 2.4.0.',
      ]);
      expect(run.stdout).toContain(
        [
          'driver          USD/day',
          '----------  -----------',
          'volume      0.004750000',
          'promptSize  0.000000000',
          'cacheMix    0.000000000',
          'outputSize  0.000000000',
          'unitSize    0.000000000',
          'price       0.000000000',
          '',
          'endpoint    before USD/day  after USD/day  change USD/day',
          '----------  --------------  -------------  --------------',
          'POST /chat     0.004750000    0.009500000     0.004750000',
          '',
        ].join('\n'),
      );
    });
  });

  describe('when given a release', () => {
    it('should compare the hours of its calls with the same hours a day earlier', async () => {
      const run = await tokenledger([
        'explain',
        '--db',
        db,
        '--release',
        '2.4.0',
        '--format',
        'json',
      ]);

      expect(run.code).toBe(0);
      const body = JSON.parse(run.stdout);
      // 2.4.0 ran 10:00-13:00 on 11-02; the same 3 hours on 11-01 held one
      // call: 0.004750000 × 24 / 3 = 0.038 a day, then two calls: 0.076
      expect(body.before).toEqual({
        from: '2026-11-01T10:00:00.000Z',
        to: '2026-11-01T13:00:00.000Z',
      });
      expect(body.after).toEqual({
        from: '2026-11-02T10:00:00.000Z',
        to: '2026-11-02T13:00:00.000Z',
      });
      expect(body.beforeUsdPerDay).toBe('0.038000000');
      expect(body.afterUsdPerDay).toBe('0.076000000');
      expect(body.totalChangeUsdPerDay).toBe('0.038000000');
    });

    it('should exit 2 on a release without calls, listing the known ones', async () => {
      const run = await tokenledger([
        'explain',
        '--db',
        db,
        '--release',
        '9.9.9',
      ]);

      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'tokenledger: Release "9.9.9" has no calls. Known releases: 2.3.0, 2.4.0.\n',
      );
    });
  });

  describe('when called wrongly', () => {
    it('should exit 2 without --release or both windows', async () => {
      const run = await tokenledger([
        'explain',
        '--db',
        db,
        '--before',
        '2026-11-01..2026-11-02',
      ]);

      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'tokenledger: explain needs --release RELEASE, or both --before FROM..TO and --after FROM..TO.\n',
      );
    });

    it('should exit 2 with --release and windows together', async () => {
      const run = await tokenledger([
        'explain',
        '--db',
        db,
        '--release',
        '2.4.0',
        '--before',
        '2026-11-01..2026-11-02',
        '--after',
        '2026-11-02..2026-11-03',
      ]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'explain takes --release or --before/--after, not both',
      );
    });

    it('should exit 2 on a window that ends before it starts', async () => {
      const run = await tokenledger([
        'explain',
        '--db',
        db,
        '--before',
        '2026-11-02..2026-11-01',
      ]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'Window "2026-11-02..2026-11-01" ends before it starts; put the earlier time first.',
      );
    });
  });
});

describe('tokenledger cache', () => {
  it('should list the causes of misses with their evidence and saving', async () => {
    const run = await tokenledger([
      'cache',
      '--db',
      cacheDb,
      '--since',
      '2026-11-05',
      '--until',
      '2026-11-06',
    ]);

    expect(run.code).toBe(0);
    // sonnet 4.5 caches for 5 minutes: the second write, 10 minutes on,
    // would have been a read: 5,000 × (3.75 - 0.3) = 17,250 µUSD; the first
    // write was never read: 5,000 × (3.75 - 3) = 3,750 µUSD, in one day
    expect(run.stdout).toBe(
      [
        'cache diagnostics 2026-11-05T00:00:00.000Z .. 2026-11-06T00:00:00.000Z (2 calls read)',
        '',
        'endpoint     model              calls  cache read share  writes/read  lost USD/day',
        '-----------  -----------------  -----  ----------------  -----------  ------------',
        'POST /draft  claude-sonnet-4-5      2              0.0%            -   0.000000000',
        '',
        'causes:',
        '- POST /draft / claude-sonnet-4-5: cache expired between calls (gap above the TTL) (1 calls, save 0.017250000 USD/day)',
        '- POST /draft / claude-sonnet-4-5: cache writes never read (1 calls, save 0.003750000 USD/day)',
        '',
      ].join('\n'),
    );
  });

  it('should say when it found nothing to fix', async () => {
    const run = await tokenledger([
      'cache',
      '--db',
      db,
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-03',
    ]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'cache diagnostics 2026-11-01T00:00:00.000Z .. 2026-11-03T00:00:00.000Z (3 calls read)',
        '',
        // each call: 1,200 prompt tokens, 1,000 of them read: 3,000 / 3,600
        'endpoint    model   calls  cache read share  writes/read  lost USD/day',
        '----------  ------  -----  ----------------  -----------  ------------',
        'POST /chat  gpt-4o      3             83.3%         0.00   0.000000000',
        '',
        'No cache misses found: nothing to fix.',
        '',
      ].join('\n'),
    );
  });

  it('should give the diagnostics as JSON', async () => {
    const run = await tokenledger([
      'cache',
      '--db',
      cacheDb,
      '--since',
      '2026-11-05',
      '--until',
      '2026-11-06',
      '--format',
      'json',
    ]);

    const body = JSON.parse(run.stdout);
    expect(run.code).toBe(0);
    expect(body.eventsRead).toBe(2);
    expect(
      body.diagnostics[0].causes.map((cause: { code: string }) => cause.code),
    ).toEqual(['expired', 'writesNeverRead']);
  });

  it('should exit 2 on a bad --max-events', async () => {
    const run = await tokenledger([
      'cache',
      '--db',
      cacheDb,
      '--max-events',
      '0',
    ]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Not a whole number from 1 to 10000000: "0".');
  });
});
