import cliProgress from 'cli-progress';
import type { CliOutput } from '../io.js';

/**
 * Progress of a long job, in units of `total` (bytes, events).
 *
 * @example
 * ```ts
 * const progress = createProgress(io.stderr, size, 'ingest');
 * progress.update(bytesRead, { lines });
 * progress.stop();
 * ```
 */
export interface Progress {
  update(done: number, counts?: { lines: number }): void;
  /** Writes a message line to the stream without breaking the bar. */
  log(line: string): void;
  stop(): void;
}

/**
 * A progress bar on `stream` when it is a terminal; silent otherwise (in
 * pipes, CI logs and tests), or when `enabled` is false.
 *
 * @example
 * ```ts
 * const progress = createProgress(process.stderr, 1_000_000, 'reprice');
 * ```
 */
export function createProgress(
  stream: CliOutput,
  total: number,
  label: string,
  enabled = true,
): Progress {
  if (!enabled || stream.isTTY !== true) {
    return { update() {}, log: (line) => stream.write(line), stop() {} };
  }

  const bar = new cliProgress.SingleBar(
    {
      stream: stream as unknown as NodeJS.WritableStream,
      format: `${label} [{bar}] {percentage}% | {lines} lines | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { lines: 0 });

  return {
    update: (done, counts) => bar.update(done, counts ?? {}),
    // clear the bar's line; the next update draws it again below
    log: (line) => stream.write(`\r\x1b[K${line}`),
    stop: () => bar.stop(),
  };
}
