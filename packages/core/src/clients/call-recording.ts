import { AsyncResource } from 'node:async_hooks';
import { toTokenledgerError } from '../errors.js';
import {
  type ApiShape,
  type CallStatus,
  type TokenUsage,
  tokenUsage,
} from '../schema.js';
import type { RecordCallInput, UsageRecorder } from '../tracker/types.js';
import { errorRequestId, failureStatus } from './call-status.js';
import type { PrefixFingerprint } from './prefix.js';
import { isMaxTokensStop } from './stop-reason.js';
import type { InstrumentOptions } from './types.js';

/** What a wrapper knows about a call when it starts. */
export interface CallDescription {
  provider: string;
  /** The wire format of the usage; unknown for already-normalized usage. */
  shape: ApiShape | undefined;
  /** The model asked for; the response's model wins when known. */
  requestedModel: string | undefined;
  streamed: boolean;
  prefix: PrefixFingerprint | undefined;
  /** The caller's abort signal, to tell its aborts from timeouts. */
  callerSignal: AbortSignal | undefined;
}

/** What a wrapper learnt from a response or a stream. */
export interface CallOutcome {
  /** The provider's usage object, wire format; undefined when none came. */
  usage: unknown;
  /** Token classes already normalized (AI SDK); wins over `usage`. */
  tokens?: TokenUsage | undefined;
  model?: string | undefined;
  requestId?: string | undefined;
  stopReason?: string | undefined;
  /** A stream that ended before its last event. */
  incomplete?: boolean;
  status?: CallStatus;
  /** Content deltas seen: a lower bound of the output when usage is missing. */
  contentEvents?: number;
}

/**
 * One instrumented call, recorded exactly once whatever happens: success,
 * provider error, or a stream that was abandoned. Records run in the usage
 * context the call was made in, even when the stream is read elsewhere.
 */
export class CallRecording {
  /** The attempt that produced the final outcome (1 without retries). */
  attempt = 1;

  /** How many HTTP attempts have started. */
  attemptsStarted = 0;

  private readonly startedAt = performance.now();
  private readonly timestamp = new Date();
  private readonly recordInScope: (run: () => void) => void;
  private recorded = false;
  private lastAttemptRecorded = false;

  constructor(
    private readonly recorder: UsageRecorder,
    private readonly call: CallDescription,
    private readonly options: InstrumentOptions,
  ) {
    this.recordInScope = AsyncResource.bind((run: () => void) => run());
  }

  /** The caller's abort signal, to tell its aborts from timeouts. */
  get callerSignal(): AbortSignal | undefined {
    return this.call.callerSignal;
  }

  /** Records the call's outcome, unless it was recorded already. */
  succeed(outcome: CallOutcome): void {
    if (this.claim()) this.safely(() => this.recordOutcome(outcome));
  }

  /**
   * Records a call the provider or the network failed, with what was known
   * (a stream may have reported usage before it broke). Skipped when the
   * failed attempt was recorded already by {@link failAttempt}.
   */
  fail(error: unknown, known?: Partial<CallOutcome>): void {
    if (this.lastAttemptRecorded && known === undefined) return;
    if (!this.claim()) return;

    const status = failureStatus(error, this.call.callerSignal);
    const requestId = known?.requestId ?? errorRequestId(error);

    this.safely(() =>
      this.recordOutcome({ usage: undefined, ...known, requestId, status }),
    );
  }

  /**
   * Records one failed HTTP attempt seen inside the SDK's retry loop. When
   * it was the last one, the error the caller gets is not recorded again.
   */
  failAttempt(attempt: number, status: CallStatus, requestId?: string): void {
    this.lastAttemptRecorded = true;
    this.safely(() =>
      this.recordOutcome({ usage: undefined, requestId, status }, attempt),
    );
  }

  /** Notes that attempt `attempt` has started. */
  startAttempt(attempt: number): void {
    this.attemptsStarted += 1;
    this.attempt = attempt;
    this.lastAttemptRecorded = false;
  }

  private claim(): boolean {
    if (this.recorded) return false;

    this.recorded = true;

    return true;
  }

  private recordOutcome(outcome: CallOutcome, attempt = this.attempt): void {
    const input = this.baseInput(outcome, attempt);
    const { shape } = this.call;

    if (outcome.usage !== undefined && !outcome.tokens && shape) {
      const usage = outcome.usage;
      this.recordInScope(() =>
        this.recorder.record({ ...input, shape, usage }),
      );
      return;
    }

    const usage =
      outcome.tokens ??
      tokenUsage({ outputTokens: outcome.contentEvents ?? 0 });
    this.recordInScope(() =>
      this.recorder.recordNormalized({
        ...input,
        ...(shape ? { shape } : {}),
        usage,
      }),
    );
  }

  private baseInput(
    outcome: CallOutcome,
    attempt: number,
  ): Omit<RecordCallInput, 'usage' | 'shape'> {
    const maxTokensHit = isMaxTokensStop(outcome.stopReason);

    return {
      provider: this.call.provider,
      model: outcome.model ?? this.call.requestedModel ?? 'unknown',
      timestamp: this.timestamp,
      latencyMs: Math.round(performance.now() - this.startedAt),
      streamed: this.call.streamed,
      incomplete: outcome.incomplete ?? false,
      status: outcome.status ?? 'ok',
      attempt,
      ...(outcome.requestId === undefined
        ? {}
        : { requestId: outcome.requestId }),
      ...(this.call.prefix ?? {}),
      ...(maxTokensHit === undefined ? {} : { maxTokensHit }),
      ...(this.options.tags === undefined ? {} : { tags: this.options.tags }),
    };
  }

  private safely(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.options.onError?.(toTokenledgerError(error));
    }
  }
}
