import { toTokenledgerError } from '../errors.js';
import type { PrefixFingerprint } from './prefix.js';
import type { InstrumentOptions } from './types.js';
import { isWireObject } from './wire.js';

type Method = (...args: unknown[]) => unknown;

/**
 * Runs an instrumented call so that tokenledger can never break it: if the
 * instrumentation throws before the SDK method ran, the method runs
 * uninstrumented; if it throws after, the caller gets the SDK's own result.
 * Either way the failure goes to `onError`. Errors the SDK method throws
 * itself reach the caller unchanged.
 *
 * @example
 * ```ts
 * return guardedCall(create, args, options, (invoke) => observe(invoke(...args)));
 * ```
 */
export function guardedCall(
  method: Method,
  args: unknown[],
  options: InstrumentOptions,
  instrumented: (invoke: Method) => unknown,
): unknown {
  let outcome: { value: unknown } | { error: unknown } | undefined;

  const invoke: Method = (...callArgs) => {
    try {
      const value = method(...callArgs);
      outcome = { value };
      return value;
    } catch (error) {
      outcome = { error };
      throw error;
    }
  };

  try {
    return instrumented(invoke);
  } catch (error) {
    if (outcome && 'error' in outcome) throw outcome.error;

    options.onError?.(toTokenledgerError(error));

    return outcome ? outcome.value : method(...args);
  }
}

/** The `signal` of an SDK request-options object, if any. */
export function signalOf(requestOptions: unknown): AbortSignal | undefined {
  if (!isWireObject(requestOptions)) return undefined;

  const signal = requestOptions['signal'];

  return signal instanceof AbortSignal ? signal : undefined;
}

/** `{ requestId }` when `requestId` is known, else `{}`. */
export function optionalRequestId(requestId: string | undefined): {
  requestId?: string;
} {
  return requestId === undefined ? {} : { requestId };
}

/**
 * The request's prefix fingerprint, or `undefined` when it is turned off or
 * cannot be computed (the failure goes to `onError`; the call is still
 * recorded, without a fingerprint).
 */
export function safePrefix(
  fingerprint: ((params: unknown) => PrefixFingerprint | undefined) | undefined,
  params: unknown,
  options: InstrumentOptions,
): PrefixFingerprint | undefined {
  if (!fingerprint || options.fingerprintPrefix === false) return undefined;

  try {
    return fingerprint(params);
  } catch (error) {
    options.onError?.(toTokenledgerError(error));
    return undefined;
  }
}

/**
 * `observe()`, or `value` itself when observing it throws: a response the
 * instrumentation cannot read still reaches the caller (the failure goes
 * to `onError`).
 */
export function observedOr(
  value: unknown,
  options: InstrumentOptions,
  observe: () => unknown,
): unknown {
  try {
    return observe();
  } catch (error) {
    options.onError?.(toTokenledgerError(error));
    return value;
  }
}
