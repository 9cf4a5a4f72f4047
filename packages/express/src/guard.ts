import { type TokenledgerError, toTokenledgerError } from '@tokenledger/core';

/**
 * Wraps a getter of the usage scope: what it throws is reported and the
 * value is unset, so that recording never fails because of it.
 */
export function guarded<A extends unknown[], T>(
  report: (error: unknown) => void,
  read: (...args: A) => T,
): (...args: A) => T | undefined {
  return (...args) => {
    try {
      return read(...args);
    } catch (error) {
      report(error);
      return undefined;
    }
  };
}

/** Turns `onError` into a reporter that takes anything and never throws. */
export function guardReporter(
  onError: ((error: TokenledgerError) => void) | undefined,
): (error: unknown) => void {
  return (error) => {
    try {
      onError?.(toTokenledgerError(error));
    } catch {
      // An onError that throws must not reach the request either.
    }
  };
}
