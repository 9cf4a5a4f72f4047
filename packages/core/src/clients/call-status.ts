import type { CallStatus } from '../schema.js';
import { objectAt, stringAt } from './wire.js';

const ABORT_NAMES = new Set([
  'AbortError',
  'APIUserAbortError',
  'RequestAbortedError',
]);

const TIMEOUT_NAMES = new Set([
  'TimeoutError',
  'APIConnectionTimeoutError',
  'RequestTimeoutError',
]);

/**
 * How a failed call ended: `aborted` when the caller cancelled it (its own
 * signal fired, or the SDK reports a user abort), `timeout` when a deadline
 * did, else `error`.
 *
 * @example
 * ```ts
 * failureStatus(new APIConnectionTimeoutError(), undefined); // 'timeout'
 * ```
 */
export function failureStatus(
  error: unknown,
  callerSignal: AbortSignal | undefined,
): CallStatus {
  if (callerSignal?.aborted) return 'aborted';
  if (isTimeoutError(error)) return 'timeout';

  return isAbortError(error) ? 'aborted' : 'error';
}

/** Whether `error` is an abort, by the names SDKs and `fetch` give it. */
export function isAbortError(error: unknown): boolean {
  return errorNames(error).some((name) => ABORT_NAMES.has(name));
}

/** Whether `error` is a timeout, by the names SDKs and `fetch` give it. */
export function isTimeoutError(error: unknown): boolean {
  return errorNames(error).some((name) => TIMEOUT_NAMES.has(name));
}

function errorNames(error: unknown): string[] {
  if (typeof error !== 'object' || error === null) return [];

  const name = (error as { name?: unknown }).name;

  return [String(name ?? ''), error.constructor?.name ?? ''];
}

/**
 * The provider's request id carried by an SDK error, when it has one
 * (`requestID` on Anthropic and OpenAI errors; the `request-id` or
 * `x-request-id` response header of an AI SDK `APICallError`).
 *
 * @example
 * ```ts
 * errorRequestId(apiError); // 'req_011CV…'
 * ```
 */
export function errorRequestId(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;

  const headers = objectAt(error, 'responseHeaders');

  return (
    stringAt(error, 'requestID') ??
    stringAt(error, 'request_id') ??
    stringAt(headers, 'request-id') ??
    stringAt(headers, 'x-request-id')
  );
}

/**
 * How one HTTP attempt failed below the SDK: `aborted` when the caller's
 * signal fired, `timeout` for an abort the caller did not ask for (the
 * SDK's own deadline), else `error`.
 *
 * @example
 * ```ts
 * attemptFailureStatus(new DOMException('aborted', 'AbortError'), undefined); // 'timeout'
 * ```
 */
export function attemptFailureStatus(
  error: unknown,
  callerSignal: AbortSignal | undefined,
): CallStatus {
  if (callerSignal?.aborted) return 'aborted';

  return isAbortError(error) || isTimeoutError(error) ? 'timeout' : 'error';
}
