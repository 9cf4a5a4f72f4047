/**
 * Counts errors by code and keeps the first message of each, so a run that
 * hits the same failure thousands of times reports it once with a count.
 *
 * @example
 * ```ts
 * const errors = new ErrorTally();
 * createTracker({ store, onError: errors.add });
 * errors.summary(); // ['STORAGE_FAILED x 3: Cannot reach …']
 * ```
 */
export class ErrorTally {
  readonly #byCode = new Map<string, { count: number; message: string }>();

  /** Counts one error; bound, so it can be passed as a callback. */
  readonly add = (error: unknown): void => {
    const code = String((error as { code?: unknown })?.code ?? 'ERROR');
    const message = error instanceof Error ? error.message : String(error);
    const seen = this.#byCode.get(code);

    if (seen) seen.count += 1;
    else this.#byCode.set(code, { count: 1, message });
  };

  /** One line per code: `CODE x count: first message`. */
  summary(): string[] {
    return [...this.#byCode].map(
      ([code, { count, message }]) => `${code} x ${count}: ${message}`,
    );
  }
}
