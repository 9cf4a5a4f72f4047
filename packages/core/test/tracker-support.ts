import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { InsertResult, UsageEvent, UsageSink } from '../src/index.js';

/**
 * An in-memory sink, idempotent by id like the real stores, that can be
 * told to fail, to fail after writing, or to be slow.
 */
export class MemorySink implements UsageSink {
  readonly rows = new Map<string, UsageEvent>();
  /** Every batch it was asked to insert, as ids, in call order. */
  readonly calls: string[][] = [];
  /** Fail the next N calls before writing. */
  failNext = 0;
  /** Write the next N calls, then throw as if the answer was lost. */
  failAfterWriteNext = 0;
  /** Fail every call until set back to false. */
  down = false;
  /** Time each call takes. */
  delayMs = 0;
  closed = false;

  async insertEvents(events: readonly UsageEvent[]): Promise<InsertResult> {
    this.calls.push(events.map((event) => event.id));
    if (this.delayMs > 0) await sleep(this.delayMs);

    if (this.down || this.failNext > 0) {
      this.failNext = Math.max(0, this.failNext - 1);
      throw new Error('connect ECONNREFUSED 127.0.0.1:3306');
    }

    const result = this.#write(events);
    if (this.failAfterWriteNext > 0) {
      this.failAfterWriteNext -= 1;
      throw new Error('read ECONNRESET');
    }

    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Stored events in id order (UUIDv7: time order). */
  events(): UsageEvent[] {
    return [...this.rows.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  #write(events: readonly UsageEvent[]): InsertResult {
    let inserted = 0;
    for (const event of events) {
      if (this.rows.has(event.id)) continue;
      this.rows.set(event.id, event);
      inserted += 1;
    }

    return { inserted, duplicates: events.length - inserted };
  }
}

const spoolDirs: string[] = [];

// this module's hooks join the suite of the test file that imports it
afterAll(() => {
  for (const dir of spoolDirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A fresh directory for a spool, under the OS temp dir, removed after the
 * test file.
 */
export function tempSpoolPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokenledger-tracker-'));
  spoolDirs.push(dir);

  return join(dir, 'spool.jsonl');
}

/** The JSON lines of a file, blank lines skipped; [] when it is absent. */
export function readJsonLines(path: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }

  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as unknown);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * An Anthropic Messages usage object for claude-sonnet-4-5 at list price
 * ($3 input, $15 output, $0.30 cache read, $3.75 5-minute cache write per
 * million tokens): 1000 x 3 + 2000 x 0.30 + 500 x 3.75 + 300 x 15 = 9975
 * micro-USD, i.e. '0.009975000'.
 */
export const SONNET_USAGE = {
  input_tokens: 1000,
  cache_read_input_tokens: 2000,
  cache_creation_input_tokens: 500,
  output_tokens: 300,
};

/**
 * A `describe` for tests that run the built `dist/` in a child process.
 * With `dist/` missing it fails under `CI=true` (CI builds before it tests,
 * so a missing build is a broken pipeline) and, elsewhere, skips with a
 * one-line reason on stderr and in its name.
 */
export function describeWithBuild(
  builtEntry: string,
  name: string,
  options: { timeout: number },
  body: () => void,
): void {
  if (existsSync(builtEntry)) {
    describe(name, options, body);
    return;
  }

  const reason = `${builtEntry} is missing: run \`pnpm --filter @tokenledger/core build\` first`;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    describe(name, () => {
      it('needs the built package', () => {
        throw new Error(
          `${reason} (CI=true, so this fails instead of skipping).`,
        );
      });
    });
    return;
  }

  process.stderr.write(`skipped "${name}": ${reason}\n`);
  describe.skip(`${name} (skipped: ${reason})`, body);
}
