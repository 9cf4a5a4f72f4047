import type { ApiShape } from '../schema.js';
import type { UsageRecorder } from '../tracker/types.js';
import { observeApiPromise, type SdkApiPromise } from './api-promise.js';
import { type CallOutcome, CallRecording } from './call-recording.js';
import { attemptFailureStatus } from './call-status.js';
import { runWithAttempts } from './fetch-attempts.js';
import type { PrefixFingerprint } from './prefix.js';
import { observedOr, safePrefix, signalOf } from './safe-call.js';
import {
  recordingObserver,
  rewrapStainlessStream,
  type StainlessStream,
} from './stream-observer.js';
import type { InstrumentOptions } from './types.js';
import { isWireObject, stringAt } from './wire.js';

/** How one `create` endpoint of a Stainless-built SDK is recorded. */
export interface CreateEndpoint {
  provider: string;
  shape: ApiShape;
  /** Fingerprints the request's cacheable prefix. */
  prefix?: (params: unknown) => PrefixFingerprint | undefined;
  /** Adjusts streamed params; `hide` filters events out of the caller's view. */
  prepareStream?: (params: unknown) => {
    params: unknown;
    hide?: (event: unknown) => boolean;
  };
  /** Reads a non-streamed body. */
  outcome(body: unknown, requestId: string | undefined): CallOutcome;
  /**
   * How each HTTP attempt of the SDK's retry loop is seen: a per-request
   * `middleware` (Anthropic), or the `fetch` of a client made by
   * `attemptObservingClient` (OpenAI). Default: not seen.
   */
  observeAttempts?: 'middleware' | 'fetch';
}

type Method = (...args: unknown[]) => unknown;

/**
 * Calls an SDK `create` method and records the call: a plain body when it
 * arrives, a stream when it ends or is abandoned, an error when it reaches
 * the caller. Returns the SDK's `APIPromise` seen through
 * {@link observeApiPromise}.
 */
export function observeCreate(
  invoke: Method,
  args: unknown[],
  endpoint: CreateEndpoint,
  recorder: UsageRecorder,
  options: InstrumentOptions,
): unknown {
  const [params, requestOptions, ...rest] = args;
  const callerSignal = signalOf(requestOptions);
  const streamed = isWireObject(params) && params['stream'] === true;
  const prepared = streamed ? endpoint.prepareStream?.(params) : undefined;
  const recording = new CallRecording(
    recorder,
    {
      provider: endpoint.provider,
      shape: endpoint.shape,
      requestedModel: stringAt(params, 'model'),
      streamed,
      prefix: safePrefix(endpoint.prefix, params, options),
      callerSignal,
    },
    options,
  );

  const callOptions =
    endpoint.observeAttempts === 'middleware'
      ? withAttemptMiddleware(requestOptions, recording, callerSignal)
      : requestOptions;
  const promise = runWithAttempts(recording, () =>
    invoke(prepared?.params ?? params, callOptions, ...rest),
  );

  return observeApiPromise(promise as SdkApiPromise<unknown>, {
    onData: (data, requestId) =>
      observedOr(data, options, () => {
        if (!streamed) {
          recording.succeed(endpoint.outcome(data, requestId));
          return data;
        }

        const stream = data as StainlessStream;
        const observer = recordingObserver(endpoint.shape, recording, {
          requestId,
          aborted: () => stream.controller.signal.aborted,
          ...(prepared?.hide ? { hide: prepared.hide } : {}),
        });

        return rewrapStainlessStream(stream, observer);
      }),
    onError: (error) => recording.fail(error),
  });
}

type Middleware = (
  request: { headers: Headers },
  next: (request: unknown) => Promise<Response>,
) => Promise<Response>;

function withAttemptMiddleware(
  requestOptions: unknown,
  recording: CallRecording,
  callerSignal: AbortSignal | undefined,
): Record<string, unknown> {
  const base = isWireObject(requestOptions) ? requestOptions : {};
  const middleware = Array.isArray(base['middleware'])
    ? base['middleware']
    : [];

  return {
    ...base,
    middleware: [...middleware, attemptMiddleware(recording, callerSignal)],
  };
}

// The SDK numbers its attempts in `X-Stainless-Retry-Count` (0 for the
// first); see the Middleware docs in @anthropic-ai/sdk core/middleware.d.ts.
function attemptMiddleware(
  recording: CallRecording,
  callerSignal: AbortSignal | undefined,
): Middleware {
  return async (request, next) => {
    const retries = Number(request.headers.get('x-stainless-retry-count'));
    const attempt = Number.isInteger(retries) ? retries + 1 : 1;
    recording.startAttempt(attempt);

    try {
      const response = await next(request);
      if (!response.ok) {
        const requestId = response.headers.get('request-id') ?? undefined;
        recording.failAttempt(attempt, 'error', requestId);
      }

      return response;
    } catch (error) {
      recording.failAttempt(attempt, attemptFailureStatus(error, callerSignal));
      throw error;
    }
  };
}
