/**
 * Why the command line stopped: `BAD_USAGE` (exit 2) when the command was
 * called wrongly, `FAILED` (exit 1) when the work itself failed.
 */
export type CliErrorCode = 'BAD_USAGE' | 'FAILED';

/**
 * The one error class of the command line. The message says what is wrong
 * and what to type instead; `exitCode` is what the process exits with.
 *
 * @example
 * ```ts
 * throw new CliError('BAD_USAGE', 'Pass --release or both --before and --after.');
 * ```
 */
export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly exitCode: 1 | 2;

  constructor(
    code: CliErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = code === 'BAD_USAGE' ? 2 : 1;
  }
}

/**
 * Shorthand for a {@link CliError} with code `BAD_USAGE` (exit 2).
 *
 * @example
 * ```ts
 * if (!file) throw badUsage('ingest needs --file FILE.');
 * ```
 */
export function badUsage(message: string): CliError {
  return new CliError('BAD_USAGE', message);
}
