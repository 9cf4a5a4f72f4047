import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, tokenledger } from './cli.js';

const COMMANDS = [
  'price',
  'report',
  'explain',
  'cache',
  'serve',
  'ingest',
  'prices',
  'prices list',
  'prices show',
  'prices import-litellm',
  'reprice',
  'migrate',
];

describe('tokenledger', () => {
  const { dir, cleanup } = tempDir();
  afterAll(() => cleanup());

  describe('--help', () => {
    it('should list every command and exit 0', async () => {
      const run = await tokenledger(['--help']);

      expect(run.code).toBe(0);
      for (const name of [
        'price',
        'report',
        'explain',
        'cache',
        'serve',
        'ingest',
        'prices',
        'reprice',
        'migrate',
      ]) {
        expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
      }
    });

    it.each(COMMANDS)(
      'should print the usage of %s and exit 0',
      async (command) => {
        const run = await tokenledger([...command.split(' '), '--help']);

        expect(run.code).toBe(0);
        expect(run.stdout.split('\n')[0]).toMatch(
          new RegExp(`^Usage: tokenledger ${command} `),
        );
        expect(run.stderr).toBe('');
      },
    );
  });

  it('should print its version and exit 0', async () => {
    const run = await tokenledger(['--version']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('0.1.0\n');
  });

  it('should exit 2 on an unknown command, suggesting the closest one', async () => {
    const run = await tokenledger(['reprot']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("tokenledger: unknown command 'reprot'");
    expect(run.stderr).toContain('(Did you mean report?)');
  });

  it('should exit 2 on an unknown option', async () => {
    const run = await tokenledger([
      'report',
      '--db',
      'sqlite::memory:',
      '--colour',
    ]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("tokenledger: unknown option '--colour'");
  });

  it('should exit 2 and print the commands when given none', async () => {
    const run = await tokenledger([]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: tokenledger [options] [command]');
  });

  describe('migrate', () => {
    it('should create the tables once, then report them up to date', async () => {
      const db = `sqlite:${join(dir, 'new.db')}`;

      const first = await tokenledger(['migrate', '--db', db]);
      const second = await tokenledger(['migrate', '--db', db]);

      expect(first.code).toBe(0);
      expect(first.stdout).toBe(
        'Applied 4 migration(s): 2026_12_03_001_events_and_rollups, 2026_12_04_002_daily_user_rollup, 2026_12_04_003_user_cost_index, 2026_12_04_004_daily_user_index\n',
      );
      expect(existsSync(join(dir, 'new.db'))).toBe(true);
      expect(second.code).toBe(0);
      expect(second.stdout).toBe('Schema already up to date.\n');
    });

    it('should point a read on a store without tables at migrate', async () => {
      // a file that exists but holds no tables
      const empty = join(dir, 'blank.db');
      writeFileSync(empty, '');

      const run = await tokenledger(['report', '--db', `sqlite:${empty}`]);

      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `tokenledger: The store at sqlite:${empty} has no tokenledger tables yet. Create them with: tokenledger migrate --db sqlite:${empty}\n`,
      );
    });

    it('should exit 1 on a MySQL server it cannot reach, without the password', async () => {
      const run = await tokenledger([
        'migrate',
        '--db',
        'mysql://app:s3cret@127.0.0.1:1/usage',
      ]);

      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'Cannot reach the store at mysql://app:***@127.0.0.1:1/usage',
      );
      expect(run.stderr).not.toContain('s3cret');
    });
  });
});
