import { type Context, SpanStatusCode, trace } from '@opentelemetry/api';
import type {
  ReadableSpan,
  Span,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  currentUsageContext,
  type RecordNormalizedInput,
  type ResolvedUsageContext,
  toTokenledgerError,
  type UsageContext,
  withUsageContext,
} from '@tokenledger/core';
import {
  type CacheInclusion,
  cacheInclusionLookup,
} from '../spans/cache-inclusion.js';
import {
  type CallFacts,
  looksGenAi,
  readSpanCall,
} from '../spans/span-call.js';
import { SpanAncestry } from './attribution.js';
import type {
  SpanProcessorLogEvent,
  SpanProcessorStats,
  TokenledgerSpanProcessorOptions,
} from './options.js';

// The usage scope a GenAI span started in, kept on the span itself (see
// SpanAncestry for why not in a WeakMap).
const SCOPE = Symbol('tokenledger.usageScope');
type WithScope = { [SCOPE]?: CapturedScope };

const DEFAULT_USER_ATTRIBUTES = ['user.id', 'enduser.id'] as const;
const DEFAULT_ENDPOINT_ATTRIBUTES = ['http.route'] as const;

/**
 * An OpenTelemetry JS SDK `SpanProcessor` that records every finished GenAI
 * model-call span in a tokenledger tracker: provider and model from the
 * span, token classes from its usage attributes (current GenAI conventions,
 * their older names, OpenLLMetry's and the Vercel AI SDK's, each with its
 * own inclusion rules), user and endpoint from the tokenledger usage scope
 * the span started in, else from span or resource attributes. Spans without
 * usage are counted in `stats()`, never recorded as free calls. It never
 * throws into the SDK.
 *
 * @see docs/opentelemetry.md
 * @example
 * ```ts
 * import { NodeSDK } from '@opentelemetry/sdk-node';
 * import { createTracker } from '@tokenledger/core';
 * import { TokenledgerSpanProcessor } from '@tokenledger/otel';
 *
 * const tracker = createTracker({ store });
 * const sdk = new NodeSDK({
 *   spanProcessors: [new TokenledgerSpanProcessor({ tracker })],
 * });
 * sdk.start();
 * ```
 */
export class TokenledgerSpanProcessor implements SpanProcessor {
  readonly #options: TokenledgerSpanProcessorOptions;
  readonly #userKeys: readonly string[];
  readonly #endpointKeys: readonly string[];
  readonly #inclusionOf: (
    scope: string | undefined,
  ) => CacheInclusion | undefined;
  readonly #ancestry = new SpanAncestry();
  readonly #stats: SpanProcessorStats = {
    calls: 0,
    recorded: 0,
    withoutUsage: 0,
    aggregates: 0,
    failed: 0,
  };
  #closed = false;

  constructor(options: TokenledgerSpanProcessorOptions) {
    if (typeof options?.tracker?.recordNormalized !== 'function') {
      throw new TypeError(
        'TokenledgerSpanProcessor needs a tracker: new TokenledgerSpanProcessor({ tracker: createTracker({ store }) }).',
      );
    }

    this.#options = options;
    this.#userKeys = options.userAttributes ?? DEFAULT_USER_ATTRIBUTES;
    this.#endpointKeys =
      options.endpointAttributes ?? DEFAULT_ENDPOINT_ATTRIBUTES;
    this.#inclusionOf = cacheInclusionLookup(options.cacheInclusion);
  }

  onStart(span: Span, parentContext: Context): void {
    if (this.#closed) return;

    try {
      this.#ancestry.remember(span, trace.getSpan(parentContext));
      if (!looksGenAi(span.attributes)) return;

      // The span may end outside the request's async context (a stream
      // drained later, a batch callback): keep the scope it started in.
      const scope = currentUsageContext();
      if (scope) (span as WithScope)[SCOPE] = asScope(scope);
    } catch (error) {
      this.#fail(error);
    }
  }

  onEnd(span: ReadableSpan): void {
    if (this.#closed) return;

    try {
      this.#handle(span);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Flushes the tracker, so that the recorded calls reach the store. */
  async forceFlush(): Promise<void> {
    await this.#options.tracker.flush?.();
  }

  /**
   * Stops recording spans. The tracker is left running: shut it down
   * yourself, after the SDK.
   */
  shutdown(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  /** Span counts since creation; see {@link SpanProcessorStats}. */
  stats(): SpanProcessorStats {
    return { ...this.#stats };
  }

  #handle(span: ReadableSpan): void {
    const call = readSpanCall(
      span.attributes,
      this.#inclusionOf(span.instrumentationScope?.name),
    );
    if (call.kind === 'other') return;

    if (call.kind === 'aggregate') {
      this.#stats.aggregates += 1;
      this.#log('aggregate', span);
      return;
    }

    this.#stats.calls += 1;
    if (call.kind === 'no-usage') {
      this.#stats.withoutUsage += 1;
      this.#log('no-usage', span);
      return;
    }

    this.#record(span, call);
  }

  #record(span: ReadableSpan, call: CallFacts): void {
    const started = (span as WithScope)[SCOPE];
    const current = currentUsageContext();
    const scope = started ?? current;
    const input: RecordNormalizedInput = {
      provider: call.provider,
      model: call.model,
      usage: call.usage,
      timestamp: dateOf(span.startTime),
      latencyMs: millisecondsOf(span.duration),
      status: span.status.code === SpanStatusCode.ERROR ? 'error' : 'ok',
      streamed: call.streamed,
    };
    const userId = scope?.userId ?? this.#ancestry.find(span, this.#userKeys);
    const endpoint =
      scope?.endpoint ?? this.#ancestry.find(span, this.#endpointKeys);
    if (userId !== undefined) input.userId = userId;
    if (endpoint !== undefined) input.endpoint = endpoint;
    if (call.requestId !== undefined) input.requestId = call.requestId;
    if (call.maxTokensHit !== undefined) input.maxTokensHit = call.maxTokensHit;
    if (this.#options.tags) input.tags = this.#options.tags;

    this.#stats.recorded += 1;
    const { tracker } = this.#options;
    // Re-entering the start scope costs more than the rest of the record
    // (a nested AsyncLocalStorage.run): done only when the span ends
    // outside any scope, so that its release, tags and onRecorded apply.
    if (started && !current) {
      withUsageContext(started, () => tracker.recordNormalized(input));
    } else {
      tracker.recordNormalized(input);
    }
  }

  #log(type: SpanProcessorLogEvent['type'], span: ReadableSpan): void {
    const logger = this.#options.logger;
    if (!logger) return;

    const { traceId, spanId } = span.spanContext();
    logger.log({ type, spanName: span.name, traceId, spanId });
  }

  #fail(error: unknown): void {
    this.#stats.failed += 1;

    try {
      this.#options.onError?.(toTokenledgerError(error, 'INTERNAL'));
    } catch {
      // An onError that throws must not reach the OpenTelemetry SDK.
    }
  }
}

/** A resolved scope, as `withUsageContext` takes it back. */
type CapturedScope = UsageContext & {
  userId: string | undefined;
  endpoint: string | undefined;
};

function asScope(scope: ResolvedUsageContext): CapturedScope {
  const { onRecorded, ...values } = scope;

  return onRecorded ? { ...values, onRecorded } : values;
}

function dateOf([seconds, nanos]: [number, number]): Date {
  return new Date(seconds * 1000 + Math.floor(nanos / 1_000_000));
}

function millisecondsOf([seconds, nanos]: [number, number]): number {
  return seconds * 1000 + nanos / 1_000_000;
}
