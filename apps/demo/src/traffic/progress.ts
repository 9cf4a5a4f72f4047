import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr for the traffic generator: requests done, the
 * simulated day, and the ETA. Without a terminal it prints nothing.
 *
 * @example
 * ```ts
 * const bar = startProgressBar();
 * await generateTraffic({ store, scenario, onProgress: bar.update }).finally(bar.stop);
 * ```
 */
export function startProgressBar(): {
  update: (done: number, total: number, day: number) => void;
  stop: () => void;
} {
  const bar = new cliProgress.SingleBar(
    {
      format:
        'traffic |{bar}| {percentage}% | day {day} | {value}/{total} requests | ETA {eta}s',
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;

  return {
    update(done, total, day) {
      if (!started) {
        bar.start(total, 0, { day });
        started = true;
      }
      if (done % 25 === 0 || done === total) bar.update(done, { day });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
