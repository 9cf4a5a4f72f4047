import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeWithBuild, tempSpoolPath } from './tracker-support.js';

const child = fileURLToPath(
  new URL('./tracker-hooks.child.mjs', import.meta.url),
);
const built = fileURLToPath(new URL('../dist/esm/index.js', import.meta.url));

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  elapsedMs: number;
  written: string[];
}

function run(mode: 'exit' | 'signal'): Promise<Ended> {
  const outputPath = tempSpoolPath().replace('spool.jsonl', 'written.txt');
  const started = Date.now();

  return new Promise((resolve, reject) => {
    const childProcess = spawn(process.execPath, [child, mode, outputPath], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    childProcess.stdout.on('data', () => childProcess.kill('SIGTERM'));
    childProcess.on('error', reject);
    childProcess.on('exit', (code, signal) =>
      resolve({
        code,
        signal,
        elapsedMs: Date.now() - started,
        written: existsSync(outputPath)
          ? readFileSync(outputPath, 'utf8').trim().split('\n')
          : [],
      }),
    );
  });
}

describeWithBuild(
  built,
  'tracker shutdown hooks in a real process',
  { timeout: 30_000 },
  () => {
    it('should flush on beforeExit, and its timers should not hold the process', async () => {
      const ended = await run('exit');

      // the flush interval is 60 s: only beforeExit can have written them
      expect(ended).toMatchObject({ code: 0, written: ['a', 'b', 'c'] });
      expect(ended.elapsedMs).toBeLessThan(20_000);
    });

    it('should shut down on SIGTERM, then end the process as SIGTERM would', async () => {
      const ended = await run('signal');

      expect(ended).toMatchObject({
        code: null,
        signal: 'SIGTERM',
        written: ['a', 'b', 'c'],
      });
    });
  },
);
