import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeWithBuild, tempSpoolPath } from './tracker-support.js';

const child = fileURLToPath(
  new URL('./tracker-outage-exit.child.mjs', import.meta.url),
);
const built = fileURLToPath(new URL('../dist/esm/index.js', import.meta.url));

function run(mode: 'flush' | 'shutdown') {
  const spoolPath = tempSpoolPath();

  return new Promise<{ code: number | null; stdout: string; spool: string }>(
    (resolve, reject) => {
      let stdout = '';
      const childProcess = spawn(process.execPath, [child, mode, spoolPath], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      childProcess.stdout.on('data', (chunk) => {
        stdout += chunk;
      });
      childProcess.on('error', reject);
      childProcess.on('exit', (code) =>
        resolve({
          code,
          stdout,
          spool: existsSync(spoolPath) ? readFileSync(spoolPath, 'utf8') : '',
        }),
      );
    },
  );
}

describeWithBuild(
  built,
  'a script awaiting the tracker while the store is down',
  { timeout: 30_000 },
  () => {
    // Before: Node saw only unref'd timers and ended the script with exit
    // code 13 in the middle of the retries, the event in memory (20 of 20
    // runs for flush, 4 of 20 for shutdown).
    it.each(['flush', 'shutdown'] as const)(
      'should finish %s(), false, with the event in the spool',
      async (mode) => {
        const ended = await run(mode);

        expect(ended.code).toBe(0);
        expect(JSON.parse(ended.stdout)).toMatchObject({
          written: false,
          stats: { recorded: 1, spooled: 1, dropped: 0 },
        });
        expect(ended.spool).toContain('"requestId":"req-1"');
      },
    );
  },
);
