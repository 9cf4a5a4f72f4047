/**
 * What went wrong, as a machine-readable code. Every error tokenledger throws
 * or reports through `onError` carries one.
 */
export type TokenledgerErrorCode =
  | 'INVALID_USAGE'
  | 'USAGE_MISSING'
  | 'UNKNOWN_SHAPE'
  | 'UNKNOWN_MODEL'
  | 'INVALID_CATALOG'
  | 'INVALID_EVENT'
  | 'STORAGE_FAILED'
  | 'SPOOL_FAILED'
  | 'BUFFER_FULL'
  | 'SHUT_DOWN'
  | 'NO_CONTEXT'
  | 'INVALID_OPTIONS'
  | 'ALERT_FAILED'
  | 'INTERNAL';

/** Options for {@link TokenledgerError}. */
export interface TokenledgerErrorOptions {
  /** The error or value that caused this one. */
  cause?: unknown;
  /** Structured details, e.g. the zod issues of a failed validation. */
  details?: Record<string, unknown>;
}

/**
 * The one error class of tokenledger. The message says what is wrong and
 * what to do; `code` lets callers branch without parsing it.
 *
 * @example
 * ```ts
 * try {
 *   normalizeUsage('openai.chat', body);
 * } catch (error) {
 *   if (error instanceof TokenledgerError && error.code === 'USAGE_MISSING') {
 *     // the stream was made without stream_options.include_usage
 *   }
 * }
 * ```
 */
export class TokenledgerError extends Error {
  readonly code: TokenledgerErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: TokenledgerErrorCode,
    message: string,
    options: TokenledgerErrorOptions = {},
  ) {
    super(
      message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'TokenledgerError';
    this.code = code;
    this.details = options.details;
  }
}

/**
 * Turns any thrown value into a {@link TokenledgerError}, keeping the original
 * as `cause`. A `TokenledgerError` is returned as it is.
 *
 * @example
 * ```ts
 * const error = toTokenledgerError(new Error('socket hang up'), 'STORAGE_FAILED');
 * error.code; // 'STORAGE_FAILED'
 * ```
 */
export function toTokenledgerError(
  value: unknown,
  code: TokenledgerErrorCode = 'INTERNAL',
): TokenledgerError {
  if (value instanceof TokenledgerError) return value;

  const message = value instanceof Error ? value.message : String(value);

  return new TokenledgerError(code, message, { cause: value });
}

/** Options for {@link UsageError}. */
export interface UsageErrorOptions extends TokenledgerErrorOptions {
  /** The API shape being normalized, e.g. `'openai.chat'`. */
  shape?: string;
  /** The dotted path of the offending field, e.g. `'usage.prompt_tokens'`. */
  field?: string;
}

/**
 * A provider usage object that cannot be turned into token classes: a count
 * that is missing, negative, fractional, not a number or absurd, a part
 * larger than its whole, or an unknown API shape.
 *
 * @example
 * ```ts
 * try {
 *   normalizeUsage('anthropic.messages', { input_tokens: -1 });
 * } catch (error) {
 *   if (error instanceof UsageError) console.log(error.shape, error.field);
 * }
 * ```
 */
export class UsageError extends TokenledgerError {
  readonly shape: string | undefined;
  readonly field: string | undefined;

  constructor(
    message: string,
    options: UsageErrorOptions & {
      code?: 'INVALID_USAGE' | 'UNKNOWN_SHAPE';
    } = {},
  ) {
    super(options.code ?? 'INVALID_USAGE', message, options);
    this.name = 'UsageError';
    this.shape = options.shape;
    this.field = options.field;
  }
}

/**
 * A response that carries no usage at all, typically a stream made without
 * asking the provider for usage. The message says how to enable it.
 *
 * @example
 * ```ts
 * // OpenAI streams report usage only with stream_options.include_usage
 * catch (error) { if (error instanceof UsageMissingError) ... }
 * ```
 */
export class UsageMissingError extends UsageError {
  constructor(message: string, options: UsageErrorOptions = {}) {
    super(message, options);
    (this as { code: TokenledgerErrorCode }).code = 'USAGE_MISSING';
    this.name = 'UsageMissingError';
  }
}
