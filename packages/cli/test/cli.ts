import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built binary, as `npm i -g tokenledger` runs it. */
export const BIN = fileURLToPath(
  new URL('../dist/esm/bin.js', import.meta.url),
);

/** What one run of the binary printed, and how it exited. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link tokenledger}. */
export interface RunOptions {
  cwd?: string;
  stdin?: string;
  env?: Record<string, string>;
}

/**
 * Runs `node dist/esm/bin.js ...args` in a subprocess and resolves when it
 * exits. Stdin is closed after `stdin` (empty by default); TOKENLEDGER_*
 * variables of the test process are not passed on.
 */
export function tokenledger(
  args: readonly string[],
  options: RunOptions = {},
): Promise<CliRun> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdin?.end(options.stdin ?? '');

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts the binary and leaves it running (for `serve`). */
export function spawnCli(
  args: readonly string[],
  options: RunOptions = {},
): ChildProcess {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('TOKENLEDGER_'),
    ),
  );

  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...env, ...options.env },
    stdio: 'pipe',
  });
}

/** A fresh temp directory; `cleanup()` removes it. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tokenledger-cli-'));

  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `lines` as a JSON lines file (objects are stringified). */
export function writeJsonLines(
  file: string,
  lines: readonly (object | string)[],
): void {
  const text = lines.map((line) =>
    typeof line === 'string' ? line : JSON.stringify(line),
  );
  writeFileSync(file, `${text.join('\n')}\n`);
}
