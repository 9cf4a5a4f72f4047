import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallRecording } from './call-recording.js';
import { attemptFailureStatus } from './call-status.js';

/** The `fetch` signature the SDKs call. */
export type Fetch = (input: unknown, init?: RequestInit) => Promise<Response>;

interface ClientWithFetch {
  fetch?: unknown;
  withOptions?: (options: { fetch: Fetch }) => unknown;
}

const currentCall = new AsyncLocalStorage<CallRecording>();

/**
 * Runs `invoke` so that the HTTP attempts it makes through a client from
 * {@link attemptObservingClient} are recorded on `recording`.
 */
export function runWithAttempts<T>(
  recording: CallRecording,
  invoke: () => T,
): T {
  return currentCall.run(recording, invoke);
}

/**
 * A copy of a Stainless-built client (`withOptions`) whose `fetch` sees each
 * HTTP attempt of the SDK's retry loop: failed attempts are recorded on the
 * call they belong to, with the attempt number of the SDK's
 * `X-Stainless-Retry-Count` header. `undefined` when the client has no
 * `withOptions` or `fetch` to build it from.
 *
 * @example
 * ```ts
 * const shadow = attemptObservingClient(openai);
 * runWithAttempts(recording, () => shadow.chat.completions.create(params));
 * ```
 */
export function attemptObservingClient<C extends object>(
  client: C,
): C | undefined {
  const { fetch, withOptions } = client as ClientWithFetch;
  if (typeof fetch !== 'function' || typeof withOptions !== 'function') {
    return undefined;
  }

  const observing = observingFetch(fetch as Fetch);

  return withOptions.call(client, { fetch: observing }) as C;
}

/**
 * A `fetch` that records each failed HTTP attempt on the call it belongs
 * to (`recordingOf()`, by default the one {@link runWithAttempts} set).
 * Attempts are numbered by the SDK's `X-Stainless-Retry-Count` header when
 * it sends one, else counted.
 *
 * @example
 * ```ts
 * config.httpOptions.fetch = observingFetch(globalThis.fetch, () => recording);
 * ```
 */
export function observingFetch(
  fetch: Fetch,
  recordingOf: () => CallRecording | undefined = () => currentCall.getStore(),
): Fetch {
  return async (input, init) => {
    const recording = recordingOf();
    if (!recording) return fetch(input, init);

    const attempt =
      headerAttempt(init?.headers) ?? recording.attemptsStarted + 1;
    recording.startAttempt(attempt);

    try {
      const response = await fetch(input, init);
      if (!response.ok) {
        const requestId = response.headers.get('x-request-id') ?? undefined;
        recording.failAttempt(attempt, 'error', requestId);
      }

      return response;
    } catch (error) {
      const status = attemptFailureStatus(error, recording.callerSignal);
      recording.failAttempt(attempt, status);
      throw error;
    }
  };
}

function headerAttempt(headers: RequestInit['headers']): number | undefined {
  const value = new Headers(headers ?? {}).get('x-stainless-retry-count');
  const count = Number(value);

  return value !== null && Number.isInteger(count) ? count + 1 : undefined;
}
