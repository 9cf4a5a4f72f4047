/**
 * `tokenledger ingest` of N raw-call lines (1,000,000 by default) into a
 * fresh SQLite file, timed end to end on the built binary (process start,
 * parsing, normalizing, pricing, hashing ids, inserts and rollups), then
 * the same file again (every line a duplicate). The goal is under 60 s for
 * a million lines. Parsing runs on a worker thread; what is left on the main
 * thread is `KyselyUsageStore.insertEvents` (events, both rollups), which
 * sets the pace. Run with `pnpm bench`; BENCH_SCALE=0.1 shrinks it.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const LINES = Math.max(1, Math.round(1_000_000 * SCALE));
const GOAL_MS_PER_MILLION = 60_000;
const BIN = fileURLToPath(
  new URL('../../../../dist/esm/bin.js', import.meta.url),
);

const ENDPOINTS = [
  'POST /chat',
  'POST /summarize',
  'POST /classify',
  'GET /search',
];
const START_MS = Date.parse('2026-11-01T00:00:00Z');
const SPAN_MS = 30 * 86_400_000;

/** One raw call a line, half OpenAI chat, half Anthropic messages. */
function line(index: number): string {
  const timestamp = new Date(START_MS + Math.floor((index / LINES) * SPAN_MS));
  const meta = {
    timestamp: timestamp.toISOString(),
    userId: `u-${index % 5000}`,
    endpoint: ENDPOINTS[index % ENDPOINTS.length],
  };
  const prompt = 500 + (index % 3000);

  if (index % 2 === 0) {
    return JSON.stringify({
      ...meta,
      shape: 'openai.chat',
      provider: 'openai',
      model: 'gpt-4o',
      response: {
        id: `chatcmpl-${index}`,
        usage: {
          prompt_tokens: prompt,
          completion_tokens: 200 + (index % 500),
          prompt_tokens_details: { cached_tokens: index % 4 === 0 ? 256 : 0 },
        },
      },
    });
  }

  return JSON.stringify({
    ...meta,
    shape: 'anthropic.messages',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    response: {
      id: `msg_${index}`,
      usage: {
        input_tokens: prompt,
        output_tokens: 150 + (index % 400),
        cache_read_input_tokens: index % 3 === 0 ? 2048 : 0,
        cache_creation_input_tokens: index % 7 === 0 ? 1024 : 0,
      },
    },
  });
}

async function writeLines(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let index = 0; index < LINES; index++) {
    if (!out.write(`${line(index)}\n`)) {
      await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
}

function timeIngest(db: string, file: string): { ms: number; out: string } {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [BIN, 'ingest', '--db', db, '--file', file, '--no-progress'],
    { encoding: 'utf8' },
  );
  const ms = performance.now() - started;

  if (run.status !== 0) {
    throw new Error(`ingest exited with ${run.status}: ${run.stderr}`);
  }

  return { ms, out: run.stdout.trim() };
}

function report(label: string, ms: number, out: string): void {
  const rate = Math.round(LINES / (ms / 1000));
  process.stdout.write(
    `${label}: ${LINES.toLocaleString('en-US')} lines in ${(ms / 1000).toFixed(1)} s (${rate.toLocaleString('en-US')} lines/s) — ${out}\n`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'tokenledger-cli-bench-'));
try {
  const file = join(dir, 'calls.jsonl');
  const db = `sqlite:${join(dir, 'usage.db')}`;
  await writeLines(file);
  const mb = statSync(file).size / 1_048_576;
  process.stdout.write(`input: ${file} (${mb.toFixed(0)} MiB)\n`);

  const first = timeIngest(db, file);
  report('ingest, new store', first.ms, first.out);
  const again = timeIngest(db, file);
  report('ingest again, all duplicates', again.ms, again.out);

  const perMillion = (first.ms / LINES) * 1_000_000;
  process.stdout.write(
    `per million lines: ${(perMillion / 1000).toFixed(1)} s (goal: under ${GOAL_MS_PER_MILLION / 1000} s) ${perMillion < GOAL_MS_PER_MILLION ? 'ok' : 'SLOWER THAN THE GOAL'}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
