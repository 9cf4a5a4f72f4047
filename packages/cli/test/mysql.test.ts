import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlUrl } from '../../../tools/testing/services.js';
import { tempDir, tokenledger, writeJsonLines } from './cli.js';
import { chatCall, summarizeCall } from './fixtures.js';

const baseUrl = mysqlUrl();

async function admin(statement: string): Promise<void> {
  const connection = await createConnection(baseUrl as string);
  try {
    await connection.query(statement);
  } finally {
    await connection.end();
  }
}

describe.skipIf(!baseUrl)('tokenledger on MySQL/MariaDB', () => {
  const { dir, cleanup } = tempDir();
  const name = `tl_cli_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const db = (baseUrl ?? '').replace(/\/[^/]+$/, `/${name}`);

  beforeAll(() => admin(`create database ${name}`));
  afterAll(async () => {
    await admin(`drop database if exists ${name}`);
    cleanup();
  });

  it('should migrate, ingest once and report exact costs', async () => {
    const file = join(dir, 'calls.jsonl');
    writeJsonLines(file, [
      chatCall('2026-11-02T10:00:00Z'),
      summarizeCall('2026-11-02T11:00:00Z'),
    ]);

    const migrate = await tokenledger(['migrate', '--db', db]);
    const first = await tokenledger(['ingest', '--db', db, '--file', file]);
    const again = await tokenledger(['ingest', '--db', db, '--file', file]);
    const report = await tokenledger([
      'report',
      '--db',
      db,
      '--since',
      '2026-11-01',
      '--until',
      '2026-11-03',
      '--by',
      'model',
    ]);

    expect(migrate.code).toBe(0);
    expect(first.stdout).toBe(
      '2 lines: 2 imported, 0 already stored, 0 rejected.\n',
    );
    expect(again.stdout).toBe(
      '2 lines: 0 imported, 2 already stored, 0 rejected.\n',
    );
    expect(report.code).toBe(0);
    expect(report.stdout).toBe(
      [
        'model              calls  unpriced  input  cache read  cache write  output  pages   cost (USD)  cache read share',
        '-----------------  -----  --------  -----  ----------  -----------  ------  -----  -----------  ----------------',
        'claude-sonnet-4-5      1         0  1,000       2,000          500     300      0  0.009975000             57.1%',
        'gpt-4o                 1         0    200       1,000            0     300      0  0.004750000             83.3%',
        '-----------------  -----  --------  -----  ----------  -----------  ------  -----  -----------  ----------------',
        'total                  2         0  1,200       3,000          500     600      0  0.014725000             63.8%',
        '',
      ].join('\n'),
    );
  });
});
