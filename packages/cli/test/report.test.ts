import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tokenledger, writeJsonLines } from './cli.js';
import { chatCall, ocrCall, summarizeCall } from './fixtures.js';

// Two gpt-4o chats (0.004750000 each) and one claude-sonnet-4-5 summary
// (0.009975000) on 2026-11-02, and an unknown model on 2026-11-03.
describe('tokenledger report', () => {
  const { dir, cleanup } = tempDir();
  const db = `sqlite:${join(dir, 'usage.db')}`;
  const window = ['--since', '2026-11-01', '--until', '2026-11-04'];

  beforeAll(async () => {
    const file = join(dir, 'calls.jsonl');
    writeJsonLines(file, [
      chatCall('2026-11-02T10:00:00Z'),
      chatCall('2026-11-02T10:05:00Z'),
      summarizeCall('2026-11-02T11:00:00Z'),
      chatCall('2026-11-03T09:00:00Z', { model: 'gpt-unknown' }),
    ]);
    const run = await tokenledger(['ingest', '--db', db, '--file', file]);
    expect(run.code).toBe(0);
  });
  afterAll(() => cleanup());

  describe('when the format is table (the default)', () => {
    it('should print aligned rows, costliest first, with totals and cache read share', async () => {
      const run = await tokenledger([
        'report',
        '--db',
        db,
        ...window,
        '--by',
        'endpoint,model',
      ]);

      expect(run.code).toBe(0);
      // cache read share = read / (input + read + writes):
      // gpt-4o 2,000 / 2,400 = 83.3%; sonnet 2,000 / 3,500 = 57.1%;
      // gpt-unknown 1,000 / 1,200 = 83.3%; total 5,000 / 7,100 = 70.4%.
      // The unpriced call adds its tokens but no cost.
      expect(run.stdout).toBe(
        [
          'endpoint         model              calls  unpriced  input  cache read  cache write  output  pages   cost (USD)  cache read share',
          '---------------  -----------------  -----  --------  -----  ----------  -----------  ------  -----  -----------  ----------------',
          'POST /summarize  claude-sonnet-4-5      1         0  1,000       2,000          500     300      0  0.009975000             57.1%',
          'POST /chat       gpt-4o                 2         0    400       2,000            0     600      0  0.009500000             83.3%',
          'POST /chat       gpt-unknown            1         1    200       1,000            0     300      0     unpriced             83.3%',
          '---------------  -----------------  -----  --------  -----  ----------  -----------  ------  -----  -----------  ----------------',
          'total                                   4         1  1,600       5,000          500   1,200      0  0.019475000             70.4%',
          '',
        ].join('\n'),
      );
    });

    it('should say so when the window has no calls', async () => {
      const run = await tokenledger([
        'report',
        '--db',
        db,
        '--since',
        '2026-10-01',
        '--until',
        '2026-10-02',
      ]);

      expect(run.code).toBe(0);
      expect(run.stdout).toBe(
        'No calls from 2026-10-01T00:00:00.000Z to 2026-10-02T00:00:00.000Z.\n',
      );
    });
  });

  describe('when a model is billed per page', () => {
    const ocrDb = `sqlite:${join(dir, 'ocr.db')}`;

    beforeAll(async () => {
      const file = join(dir, 'ocr.jsonl');
      writeJsonLines(file, [
        chatCall('2026-11-02T10:00:00Z'),
        ocrCall('2026-11-02T12:00:00Z'),
      ]);
      const run = await tokenledger(['ingest', '--db', ocrDb, '--file', file]);
      expect(run.code).toBe(0);
    });

    it('should show its pages beside the tokens, so its cost has a count', async () => {
      const run = await tokenledger([
        'report',
        '--db',
        ocrDb,
        ...window,
        '--by',
        'endpoint,model',
      ]);

      expect(run.code).toBe(0);
      // OCR: 1,250 pages × 0.004 = 5.000000000, no tokens (share 0.0%);
      // total 5.000000000 + 0.004750000, share 1,000 / 1,200 = 83.3%.
      expect(run.stdout).toBe(
        [
          'endpoint    model               calls  unpriced  input  cache read  cache write  output  pages   cost (USD)  cache read share',
          '----------  ------------------  -----  --------  -----  ----------  -----------  ------  -----  -----------  ----------------',
          'POST /ocr   mistral-ocr-latest      1         0      0           0            0       0  1,250  5.000000000              0.0%',
          'POST /chat  gpt-4o                  1         0    200       1,000            0     300      0  0.004750000             83.3%',
          '----------  ------------------  -----  --------  -----  ----------  -----------  ------  -----  -----------  ----------------',
          'total                               2         0    200       1,000            0     300  1,250  5.004750000             83.3%',
          '',
        ].join('\n'),
      );
    });

    it('should give the pages in csv too', async () => {
      const run = await tokenledger([
        'report',
        '--db',
        ocrDb,
        ...window,
        '--by',
        'model',
        '--format',
        'csv',
      ]);

      expect(run.code).toBe(0);
      expect(run.stdout).toBe(
        [
          'model,calls,unpricedCalls,inputTokens,outputTokens,cacheWriteTokens,cacheWrite1hTokens,cacheReadTokens,reasoningTokens,pages,costUsd,cacheReadShare',
          'mistral-ocr-latest,1,0,0,0,0,0,0,0,1250,5.000000000,0',
          `gpt-4o,1,0,200,300,0,0,1000,0,0,0.004750000,${1000 / 1200}`,
          '',
        ].join('\r\n'),
      );
    });
  });

  describe('when the format is csv', () => {
    it('should print one RFC 4180 row per group with every measure', async () => {
      const run = await tokenledger([
        'report',
        '--db',
        db,
        ...window,
        '--by',
        'day',
        '--format',
        'csv',
      ]);

      expect(run.code).toBe(0);
      expect(run.stdout).toBe(
        [
          'day,calls,unpricedCalls,inputTokens,outputTokens,cacheWriteTokens,cacheWrite1hTokens,cacheReadTokens,reasoningTokens,pages,costUsd,cacheReadShare',
          // 0.009500000 + 0.009975000; 4,000 / 5,900 read
          `2026-11-02,3,0,1400,900,500,0,4000,0,0,0.019475000,${4000 / 5900}`,
          `2026-11-03,1,1,200,300,0,0,1000,0,0,0.000000000,${1000 / 1200}`,
          '',
        ].join('\r\n'),
      );
    });
  });

  describe('when the format is json', () => {
    it('should print the window, the rows and the totals', async () => {
      const run = await tokenledger([
        'report',
        '--db',
        db,
        ...window,
        '--by',
        'model',
        '--format',
        'json',
        '--limit',
        '1',
      ]);

      expect(run.code).toBe(0);
      const body = JSON.parse(run.stdout);
      expect(body.window).toEqual({
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-04T00:00:00.000Z',
      });
      expect(body.groupBy).toEqual(['model']);
      expect(body.rows).toEqual([
        {
          model: 'claude-sonnet-4-5',
          calls: 1,
          unpricedCalls: 0,
          inputTokens: 1000,
          outputTokens: 300,
          cacheWriteTokens: 500,
          cacheWrite1hTokens: 0,
          cacheReadTokens: 2000,
          reasoningTokens: 0,
          pages: 0,
          costUsd: '0.009975000',
          cost: {
            input: '0.003000000',
            output: '0.004500000',
            cacheWrite: '0.001875000',
            cacheRead: '0.000600000',
            units: '0.000000000',
          },
          cacheReadShare: 2000 / 3500,
        },
      ]);
      expect(body.totals).toMatchObject({
        calls: 4,
        unpricedCalls: 1,
        costUsd: '0.019475000',
      });
    });
  });

  describe('when called wrongly', () => {
    it('should exit 2 on an unknown dimension, listing the known ones', async () => {
      const run = await tokenledger([
        'report',
        '--db',
        db,
        '--by',
        'endpoint,colour',
      ]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'Cannot group by "colour". Use one or more of user, provider, model, endpoint, release, day, hour, comma-separated.',
      );
    });

    it('should exit 2 on a look-back it cannot read', async () => {
      const run = await tokenledger([
        'report',
        '--db',
        db,
        '--since',
        '7 days',
      ]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'Not a time: "7 days". Use a look-back like 30m, 12h, 7d, 2w, or an ISO date such as 2026-11-01 or 2026-11-01T09:00:00Z.',
      );
    });

    it('should exit 2 on a date the calendar does not have', async () => {
      const run = await tokenledger([
        'report',
        '--db',
        db,
        '--since',
        '2026-02-30',
      ]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'Not a date: "2026-02-30"; February 2026 has 28 days.',
      );
    });

    it('should exit 2 when --since is not before --until', async () => {
      const run = await tokenledger([
        'report',
        '--db',
        db,
        '--since',
        '2026-12-02',
        '--until',
        '2026-12-01',
      ]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        '--since (2026-12-02T00:00:00.000Z) is not before --until (2026-12-01T00:00:00.000Z); put the earlier time in --since.',
      );
    });

    it('should exit 2 on a zero look-back, an empty range', async () => {
      const run = await tokenledger(['report', '--db', db, '--since', '0d']);

      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'tokenledger: --since 0d is an empty range; give a look-back of at least 1 (such as 7d) or a date.\n',
      );
    });

    it('should exit 2 on a look-back of more than 3,660 days', async () => {
      const run = await tokenledger([
        'report',
        '--db',
        db,
        '--since',
        '999999w',
      ]);

      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'tokenledger: --since 999999w looks back more than 3,660 days (10 years), the longest look-back; give an ISO date instead, such as 2016-11-01.\n',
      );
    });

    it('should show its defaults as a user types them in --help', async () => {
      const run = await tokenledger(['report', '--help']);

      expect(run.stdout).toContain('(default: 7d)');
      expect(run.stdout).toContain('(default: endpoint)');
      expect(run.stdout).not.toContain('agoMs');
    });

    it('should exit 2 on a store URL it cannot open', async () => {
      const run = await tokenledger(['report', '--db', 'postgres://db/usage']);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'Cannot open a store at "postgres://db/usage". Use sqlite:./tokenledger.db, sqlite::memory: or mysql://user:password@host:3306/database.',
      );
    });

    it('should exit 2 without --db, and read TOKENLEDGER_DB when set', async () => {
      const missing = await tokenledger(['report']);
      const fromEnv = await tokenledger(['report', ...window], {
        env: { TOKENLEDGER_DB: db },
      });

      expect(missing.code).toBe(2);
      expect(missing.stderr).toBe(
        "tokenledger: required option '--db <url>' not specified: give --db sqlite:./tokenledger.db (or a mysql:// URL), or set TOKENLEDGER_DB\n(add --help for usage)\n",
      );
      expect(fromEnv.code).toBe(0);
      expect(fromEnv.stdout).toContain('POST /chat');
    });

    it('should exit 1 on a SQLite file that does not exist, and not create it', async () => {
      const missing = join(dir, 'typo.db');

      const run = await tokenledger(['report', '--db', `sqlite:${missing}`]);

      expect(run.code).toBe(1);
      expect(existsSync(missing)).toBe(false);
      expect(run.stderr).toBe(
        `tokenledger: No database at ${missing}. Check the --db path, or create it with: tokenledger migrate --db sqlite:${missing}\n`,
      );
    });

    it('should say to create the directory first when it is missing too', async () => {
      const missing = join(dir, 'no-such-dir', 'usage.db');

      const run = await tokenledger(['report', '--db', `sqlite:${missing}`]);

      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `tokenledger: No database at ${missing}. Check the --db path, or create its directory ${join(dir, 'no-such-dir')} and then the database with: tokenledger migrate --db sqlite:${missing}\n`,
      );
    });
  });
});
