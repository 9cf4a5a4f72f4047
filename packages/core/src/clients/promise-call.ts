import type { ApiShape } from '../schema.js';
import type { UsageRecorder } from '../tracker/types.js';
import { type CallOutcome, CallRecording } from './call-recording.js';
import type { PrefixFingerprint } from './prefix.js';
import { observedOr, safePrefix } from './safe-call.js';
import { recordingObserver, type StreamObserver } from './stream-observer.js';
import type { InstrumentOptions } from './types.js';
import { stringAt } from './wire.js';

/**
 * How one method of an SDK that returns a plain promise (Mistral, Gemini)
 * is recorded: either a body (`outcome`) or a stream (`rewrapStream`).
 */
export interface PromiseEndpoint {
  provider: string;
  shape: ApiShape;
  /** The caller's abort signal, found in the method's arguments. */
  signal?: (args: unknown[]) => AbortSignal | undefined;
  /** Fingerprints the request's cacheable prefix. */
  prefix?: (params: unknown) => PrefixFingerprint | undefined;
  /** Reads a body; for methods that do not stream. */
  outcome?: (body: unknown) => CallOutcome;
  /** Wraps the stream the promise resolves to; for streaming methods. */
  rewrapStream?: (stream: unknown, observer: StreamObserver) => unknown;
  /** Adjusts the arguments, e.g. to observe each HTTP attempt. */
  prepareArgs?: (args: unknown[], recording: CallRecording) => unknown[];
}

type Method = (...args: unknown[]) => unknown;

/**
 * Calls an SDK method and records the call when its promise settles (a
 * body), when its stream ends or is abandoned, or when it fails. The
 * caller gets the SDK's value, or the SDK's error, unchanged.
 */
export function observePromiseCall(
  invoke: Method,
  args: unknown[],
  endpoint: PromiseEndpoint,
  recorder: UsageRecorder,
  options: InstrumentOptions,
): Promise<unknown> {
  const [params] = args;
  const recording = new CallRecording(
    recorder,
    {
      provider: endpoint.provider,
      shape: endpoint.shape,
      requestedModel: stringAt(params, 'model'),
      streamed: endpoint.rewrapStream !== undefined,
      prefix: safePrefix(endpoint.prefix, params, options),
      callerSignal: endpoint.signal?.(args),
    },
    options,
  );

  const callArgs = endpoint.prepareArgs?.(args, recording) ?? args;

  return Promise.resolve(invoke(...callArgs)).then(
    (value) =>
      observedOr(value, options, () => {
        if (endpoint.rewrapStream) {
          const observer = recordingObserver(endpoint.shape, recording);
          return endpoint.rewrapStream(value, observer);
        }

        recording.succeed(endpoint.outcome?.(value) ?? { usage: undefined });
        return value;
      }),
    (error: unknown) => {
      recording.fail(error);
      throw error;
    },
  );
}
