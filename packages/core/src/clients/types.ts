import type { TokenledgerError } from '../errors.js';

/**
 * Options of the `instrument*` functions and of `tokenledgerMiddleware`.
 * Every field is optional.
 *
 * @example
 * ```ts
 * const options: InstrumentOptions = {
 *   tags: { team: 'claims' },
 *   onError: (error) => logger.warn({ code: error.code }, error.message),
 * };
 * instrumentOpenAI(new OpenAI(), tracker, options);
 * ```
 */
export interface InstrumentOptions {
  /** Tags added to every call recorded through this client. Default: none. */
  tags?: Record<string, string>;
  /**
   * Turns the cacheable-prefix fingerprint off (it hashes the prompt prefix
   * with SHA-256 on every call). Default: `true`.
   */
  fingerprintPrefix?: boolean;
  /**
   * Sets `stream_options.include_usage` on OpenAI chat streams that do not
   * ask for usage (and hides the extra chunk). Turn it off for an
   * OpenAI-compatible server that rejects the field; such streams are then
   * recorded with estimated output only, flagged incomplete. Default: `true`.
   */
  requestStreamUsage?: boolean;
  /**
   * Receives failures of the instrumentation itself, never the provider's
   * errors (those reach the caller unchanged). Default: ignore them.
   */
  onError?: (error: TokenledgerError) => void;
}
