import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openStore } from '@tokenledger/kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MAIN = join(import.meta.dirname, '..', 'dist', 'main.js');

/** Runs the built demo without serving; DATABASE_URL unset, so SQLite in `dataDir`. */
async function demo(dataDir: string, ...extra: string[]): Promise<string> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const { stdout } = await run(
    process.execPath,
    [MAIN, '--no-serve', '--scale', '0.01', '--data-dir', dataDir, ...extra],
    { env, timeout: 60_000 },
  );

  return stdout;
}

async function storedEvents(dataDir: string): Promise<number> {
  const store = await openStore(`sqlite:${join(dataDir, 'demo.db')}`);
  try {
    const rows = await store.query({ filter: {} });
    return rows.reduce((sum, row) => sum + row.calls, 0);
  } finally {
    await store.close();
  }
}

describe('the demo binary, run twice on one database', () => {
  let dataDir: string;
  let first: string;
  let afterFirst: number;
  let second: string;
  let afterSecond: number;

  beforeAll(async () => {
    if (!existsSync(MAIN)) {
      throw new Error(
        `${MAIN} is missing: build the demo first (pnpm --filter @tokenledger/demo build).`,
      );
    }
    dataDir = mkdtempSync(join(tmpdir(), 'tokenledger-demo-'));
    first = await demo(dataDir);
    afterFirst = await storedEvents(dataDir);
    second = await demo(dataDir);
    afterSecond = await storedEvents(dataDir);
  }, 120_000);

  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('should generate on the first run and store what it reports', () => {
    const stored = /, (\d+) events stored, 0 failures,/.exec(first);

    expect(first).toMatch(/^Generating 14 days of traffic from 300 users…$/m);
    expect(Number(stored?.[1])).toBe(afterFirst);
    expect(afterFirst).toBeGreaterThan(0);
  });

  it('should reuse the database on the second run without generating', () => {
    expect(second).toMatch(
      new RegExp(
        `^Reusing ${afterFirst} events generated on \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(npm run demo -- --reset to generate again\\)\\.$`,
        'm',
      ),
    );
    expect(second).not.toContain('Generating');
    expect(afterSecond).toBe(afterFirst);
  });
});
