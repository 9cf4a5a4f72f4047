import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, tokenledger, writeJsonLines } from './cli.js';
import { chatCall, storedEvent, summarizeCall } from './fixtures.js';

describe('tokenledger ingest', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    db = `sqlite:${join(dir, 'usage.db')}`;
  });
  afterEach(() => cleanup());

  const report = async () => {
    const run = await tokenledger([
      'report',
      '--db',
      db,
      '--since',
      '2026-11-01',
      '--until',
      '2026-12-01',
      '--by',
      'endpoint',
      '--format',
      'json',
    ]);
    return JSON.parse(run.stdout);
  };

  describe('when every line is good', () => {
    it('should import raw calls and stored events, priced at their time', async () => {
      const file = join(dir, 'calls.jsonl');
      writeJsonLines(file, [
        chatCall('2026-11-02T10:00:00Z'),
        summarizeCall('2026-11-02T11:00:00Z'),
        storedEvent(
          '0199a000-0000-7000-8000-000000000001',
          '2026-11-02T12:00:00Z',
        ),
      ]);

      const run = await tokenledger(['ingest', '--db', db, '--file', file]);

      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(
        '3 lines: 3 imported, 0 already stored, 0 rejected.\n',
      );
      expect(existsSync(`${file}.rejected.jsonl`)).toBe(false);
      // 0.004750000 + 0.009975000 + 0.020550000
      expect((await report()).totals.costUsd).toBe('0.035275000');
    });

    it('should import nothing twice when the same file is ingested again', async () => {
      const file = join(dir, 'calls.jsonl');
      writeJsonLines(file, [
        chatCall('2026-11-02T10:00:00Z'),
        storedEvent(
          '0199a000-0000-7000-8000-000000000001',
          '2026-11-02T12:00:00Z',
        ),
      ]);
      await tokenledger(['ingest', '--db', db, '--file', file]);

      const again = await tokenledger(['ingest', '--db', db, '--file', file]);

      expect(again.code).toBe(0);
      expect(again.stdout).toBe(
        '2 lines: 0 imported, 2 already stored, 0 rejected.\n',
      );
      const { totals } = await report();
      expect(totals.calls).toBe(2);
      // 0.004750000 + 0.020550000
      expect(totals.costUsd).toBe('0.025300000');
    });

    it('should fill in what the lines leave out from --shape, --provider and --endpoint', async () => {
      const file = join(dir, 'gateway.jsonl');
      writeJsonLines(file, [
        {
          timestamp: '2026-11-02T10:00:00Z',
          model: 'gpt-4o',
          response: { usage: { prompt_tokens: 1000, completion_tokens: 100 } },
        },
      ]);

      const run = await tokenledger([
        'ingest',
        '--db',
        db,
        '--file',
        file,
        '--shape',
        'openai.chat',
        '--provider',
        'openai',
        '--endpoint',
        'batch-import',
      ]);

      expect(run.code).toBe(0);
      const { rows } = await report();
      // 1,000 × 2.5 + 100 × 10 = 3,500 µUSD
      expect(rows).toMatchObject([
        { endpoint: 'batch-import', calls: 1, costUsd: '0.003500000' },
      ]);
    });
  });

  describe('when some lines are bad', () => {
    it('should reject alone a line the store would refuse, not its batch', async () => {
      const file = join(dir, 'before-1970.jsonl');
      writeJsonLines(file, [
        storedEvent('e-1969', '1969-12-31T23:00:00Z'),
        storedEvent('e-ok', '2026-11-02T13:00:00Z'),
      ]);

      const run = await tokenledger(['ingest', '--db', db, '--file', file]);

      expect(run.code).toBe(1);
      expect(run.stdout).toBe(
        '2 lines: 1 imported, 0 already stored, 1 rejected.\n',
      );
      expect(run.stderr.split('\n')[0]).toBe(
        'line 1: Invalid tokenledger event (timestamp: must be at or after 1970).',
      );
    });

    it('should say so when given the rejects file itself', async () => {
      const file = join(dir, 'rejects-again.jsonl');
      writeJsonLines(file, ['not json']);
      await tokenledger(['ingest', '--db', db, '--file', file]);

      const again = await tokenledger([
        'ingest',
        '--db',
        db,
        '--file',
        `${file}.rejected.jsonl`,
      ]);

      expect(again.code).toBe(1);
      expect(again.stderr.split('\n')[0]).toBe(
        'line 1: This is a line of a .rejected.jsonl file (line 1 of the file it came from): ingest the fixed "text" of such lines, one a line, not the rejects file itself.',
      );
    });

    it('should import the rest and write the bad ones with their line numbers', async () => {
      const file = join(dir, 'calls.jsonl');
      const noEndpoint = {
        ...chatCall('2026-11-02T12:00:00Z'),
        endpoint: undefined,
      };
      const badEvent = {
        ...storedEvent('e-1', '2026-11-02T13:00:00Z'),
        costUsd: 'lots',
      };
      writeJsonLines(file, [
        chatCall('2026-11-02T10:00:00Z'),
        'not json',
        noEndpoint,
        '',
        badEvent,
        summarizeCall('2026-11-02T11:00:00Z'),
      ]);

      const run = await tokenledger(['ingest', '--db', db, '--file', file]);

      expect(run.code).toBe(1);
      expect(run.stdout).toBe(
        '6 lines: 2 imported, 0 already stored, 3 rejected, 1 blank.\n',
      );
      expect(run.stderr.split('\n').slice(0, 3)).toEqual([
        `line 2: Not JSON (Unexpected token 'o', "not json" is not valid JSON).`,
        'line 3: No "endpoint": add it beside "response", or pass --endpoint.',
        expect.stringMatching(/^line 5: Invalid tokenledger event \(costUsd: /),
      ]);
      expect(run.stderr).toContain(
        `tokenledger: 3 line(s) rejected, written to ${file}.rejected.jsonl`,
      );

      const rejected = readFileSync(`${file}.rejected.jsonl`, 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(rejected.map((row) => row.line)).toEqual([2, 3, 5]);
      expect(rejected[0]).toEqual({
        line: 2,
        error: `Not JSON (Unexpected token 'o', "not json" is not valid JSON).`,
        text: 'not json',
      });
      expect(JSON.parse(rejected[1].text)).toEqual(
        JSON.parse(JSON.stringify(noEndpoint)),
      );
      // 0.004750000 + 0.009975000
      expect((await report()).totals.costUsd).toBe('0.014725000');
    });

    it('should reject a stored event whose total is not the sum of its parts, alone', async () => {
      const file = join(dir, 'events.jsonl');
      // the parts of storedEvent add up to 0.020550000
      const offByOne = {
        ...storedEvent('e-2', '2026-11-02T13:00:00Z'),
        costUsd: '0.020550001',
      };
      writeJsonLines(file, [
        storedEvent('e-1', '2026-11-02T12:00:00Z'),
        offByOne,
      ]);

      const run = await tokenledger(['ingest', '--db', db, '--file', file]);

      expect(run.code).toBe(1);
      expect(run.stdout).toBe(
        '2 lines: 1 imported, 0 already stored, 1 rejected.\n',
      );
      expect(run.stderr.split('\n')[0]).toBe(
        'line 2: Invalid tokenledger event (costUsd: must equal the sum of cost.input, output, cacheWrite, cacheRead and units (the pricing engine rounds each part to 9 decimals, then adds them)).',
      );
      expect((await report()).totals.costUsd).toBe('0.020550000');
    });

    it('should remove the rejected file once a run has no bad lines', async () => {
      const file = join(dir, 'calls.jsonl');
      writeJsonLines(file, ['{']);
      await tokenledger(['ingest', '--db', db, '--file', file]);
      expect(existsSync(`${file}.rejected.jsonl`)).toBe(true);

      writeJsonLines(file, [chatCall('2026-11-02T10:00:00Z')]);
      const run = await tokenledger(['ingest', '--db', db, '--file', file]);

      expect(run.code).toBe(0);
      expect(existsSync(`${file}.rejected.jsonl`)).toBe(false);
    });
  });

  describe('when a field is out of bounds', () => {
    it('should reject tags that are not an object and an endpoint too long to store', async () => {
      const file = join(dir, 'calls.jsonl');
      writeJsonLines(file, [
        chatCall('2026-11-02T10:00:00Z', { tags: 'team=claims' }),
        chatCall('2026-11-02T10:01:00Z', { endpoint: 'x'.repeat(201) }),
        chatCall('2026-11-02T10:02:00Z', { tags: { team: 'claims' } }),
      ]);

      const run = await tokenledger(['ingest', '--db', db, '--file', file]);

      expect(run.code).toBe(1);
      expect(run.stdout).toBe(
        '3 lines: 1 imported, 0 already stored, 2 rejected.\n',
      );
      expect(run.stderr.split('\n').slice(0, 2)).toEqual([
        'line 1: "tags" must be an object of strings, got "team=claims".',
        'line 2: "endpoint" is 201 characters; at most 200.',
      ]);
    });
  });

  describe('when called wrongly', () => {
    it('should exit 2 without --file', async () => {
      const run = await tokenledger(['ingest', '--db', db]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        "tokenledger: required option '--file <file>' not specified",
      );
    });

    it('should exit 1 on a catalog file that is not JSON, storing nothing', async () => {
      const file = join(dir, 'calls.jsonl');
      const catalog = join(dir, 'prices.json');
      writeJsonLines(file, [chatCall('2026-11-02T10:00:00Z')]);
      writeFileSync(catalog, '{ "entries": [');

      const run = await tokenledger([
        'ingest',
        '--db',
        db,
        '--file',
        file,
        '--catalog',
        catalog,
      ]);

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(`^tokenledger: ${catalog} is not valid JSON \\(`),
      );
      expect(existsSync(join(dir, 'usage.db'))).toBe(false);
    });

    it('should exit 1 when --file is a directory', async () => {
      const run = await tokenledger(['ingest', '--db', db, '--file', dir]);

      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `tokenledger: ${dir} is not a file; --file takes a JSON lines file.\n`,
      );
    });

    it('should exit 1 naming a file that does not exist', async () => {
      const file = join(dir, 'missing.jsonl');

      const run = await tokenledger(['ingest', '--db', db, '--file', file]);

      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `tokenledger: Cannot read ${file} (ENOENT); check the --file path.\n`,
      );
    });
  });
});
