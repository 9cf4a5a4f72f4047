import { TokenledgerError } from '../errors.js';

/** How long to wait before retry number `attempt` (1-based). */
export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

/**
 * Exponential backoff with full jitter: a uniform delay in
 * `[0, min(max, base * 2^(attempt - 1)))`, which spreads the retries of many
 * instances after a shared outage.
 * See https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number): number {
  const exponent = Math.min(attempt - 1, 30);
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** exponent,
  );

  return Math.floor(policy.random() * ceiling);
}

/**
 * A sleep on an unref'd timer (it never keeps the process alive) that
 * `wake()` can cut short.
 */
export class Sleeper {
  #wake: (() => void) | null = null;
  #timer: NodeJS.Timeout | null = null;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, ms);
      this.#timer.unref();
    });
  }

  wake(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#wake?.();
    this.#wake = null;
    this.#timer = null;
  }
}

/**
 * Rejects with a `STORAGE_FAILED` error when `promise` has not settled after
 * `timeoutMs`. The timer is unref'd and cleared either way.
 */
export async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new TokenledgerError(
          'STORAGE_FAILED',
          `The store did not answer insertEvents within ${timeoutMs} ms; the batch will be retried (inserts are idempotent by id). Raise exportTimeoutMs if the store is just slow.`,
        ),
      );
    }, timeoutMs);
    timer.unref();
  });

  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The two triggers of a batch write: the interval timer, armed by the first
 * event of a batch, and a kick on the next turn of the event loop when a
 * batch is full (never inside `record()`: a synchronous store driver would
 * then run on the caller's time). The timer is unref'd.
 */
export class BatchTimers {
  #timer: NodeJS.Timeout | null = null;
  #kick: NodeJS.Immediate | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly on: { onInterval: () => void; onKick: () => void },
  ) {}

  armInterval(): void {
    if (this.#timer) return;

    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.on.onInterval();
    }, this.intervalMs);
    this.#timer.unref();
  }

  kickSoon(): void {
    if (this.#kick) return;

    this.#kick = setImmediate(() => {
      this.#kick = null;
      this.on.onKick();
    });
  }

  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#kick) clearImmediate(this.#kick);
    this.#timer = null;
    this.#kick = null;
  }
}

/** Resolves like `flushed`, or false once `timeoutMs` has passed. */
export function raceTimeout(
  flushed: Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
    void flushed.then((written) => {
      clearTimeout(timer);
      resolve(written);
    });
  });
}

/**
 * Holds the process open until `promise` settles. The tracker's own timers
 * are unref'd so that it never keeps an app alive, but a caller awaiting a
 * flush (a script's last line, a store that is down and being retried)
 * must see it finish: otherwise Node ends the process, with exit code 13,
 * while the events are still in memory.
 */
export function keepingAlive<T>(promise: Promise<T>): Promise<T> {
  const handle = setInterval(() => {}, 60_000);

  return promise.finally(() => clearInterval(handle));
}
