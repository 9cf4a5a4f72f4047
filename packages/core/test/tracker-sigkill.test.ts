import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { createTracker } from '../src/index.js';
import {
  describeWithBuild,
  MemorySink,
  sleep,
  tempSpoolPath,
} from './tracker-support.js';

const child = fileURLToPath(
  new URL('./tracker-sigkill.child.mjs', import.meta.url),
);
const built = fileURLToPath(new URL('../dist/esm/index.js', import.meta.url));

/**
 * Runs the child until it has reported `fsyncs` durable appends, kills it
 * with SIGKILL, and returns the highest event index it reported durable.
 */
function recordUntilKilled(spoolPath: string, fsyncs: number) {
  return new Promise<number>((resolve, reject) => {
    const childProcess = spawn(process.execPath, [child, spoolPath], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let durable = -1;
    let reports = 0;
    let buffered = '';

    childProcess.stdout.setEncoding('utf8');
    childProcess.stdout.on('data', (text: string) => {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'dropped') reject(new Error('the spool fell behind'));
        durable = Math.max(durable, Number(line.split(' ')[1]));
        reports += 1;
      }
      if (reports >= fsyncs) childProcess.kill('SIGKILL');
    });
    childProcess.on('error', reject);
    childProcess.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(durable);
      else reject(new Error(`child ended without SIGKILL (${signal})`));
    });
  });
}

describeWithBuild(
  built,
  'tracker killed with SIGKILL',
  { timeout: 60_000 },
  () => {
    it('should store every event made durable before the kill exactly once', async () => {
      const spoolPath = tempSpoolPath();
      const lastDurable = await recordUntilKilled(spoolPath, 10);

      const sink = new MemorySink();
      const restarted = createTracker({ store: sink, spoolPath });
      for (
        let i = 0;
        i < 400 && restarted.stats().replayed <= lastDurable;
        i++
      ) {
        await sleep(10);
      }
      await restarted.shutdown();

      const stored = sink.events().map((event) => event.requestId);
      const counts = new Map<string | null, number>();
      for (const id of stored) counts.set(id, (counts.get(id) ?? 0) + 1);

      // the first fsync holds the first failed batch (50), the others at least
      // a full memory each (1000): index 50 + 9 x 1000 - 1 = 9049 or more
      expect(lastDurable).toBeGreaterThanOrEqual(9049);
      for (let index = 0; index <= lastDurable; index += 1) {
        expect(counts.get(`req-${index}`), `req-${index}`).toBe(1);
      }
      expect(new Set(sink.calls.flat()).size).toBe(sink.calls.flat().length);
      expect(stored.length).toBe(counts.size);
    });
  },
);
