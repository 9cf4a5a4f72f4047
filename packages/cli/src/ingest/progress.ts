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
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

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
  if (!enabled || stream.isTTY !== true) return SILENT;

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
    stop: () => bar.stop(),
  };
}
