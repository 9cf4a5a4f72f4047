import type { TokenledgerError, UsageRecorder } from '@tokenledger/core';
import type { CacheInclusion } from '../spans/cache-inclusion.js';

/**
 * What the span processor did with a span that it did not record, as typed
 * events for an injected {@link SpanProcessorLogger}.
 *
 * @example
 * ```ts
 * const logger: SpanProcessorLogger = {
 *   log: (event) => pino.debug(event, `tokenledger span ${event.type}`),
 * };
 * ```
 */
export type SpanProcessorLogEvent =
  | {
      /** A model-call span without token counts (often a failed call). */
      type: 'no-usage';
      spanName: string;
      traceId: string;
      spanId: string;
    }
  | {
      /** A span summing other calls, skipped so nothing counts twice. */
      type: 'aggregate';
      spanName: string;
      traceId: string;
      spanId: string;
    };

/**
 * Receives {@link SpanProcessorLogEvent}s. The processor never logs by
 * itself.
 *
 * @example
 * ```ts
 * const logger: SpanProcessorLogger = { log: (event) => seen.push(event) };
 * ```
 */
export interface SpanProcessorLogger {
  log(event: SpanProcessorLogEvent): void;
}

/**
 * Options of {@link TokenledgerSpanProcessor}.
 *
 * @example
 * ```ts
 * const options: TokenledgerSpanProcessorOptions = {
 *   tracker,
 *   userAttributes: ['user.id', 'ai.telemetry.metadata.userId'],
 *   endpointAttributes: ['http.route'],
 *   cacheInclusion: { 'my-anthropic-wrapper': 'excludes-cache' },
 * };
 * ```
 */
export interface TokenledgerSpanProcessorOptions {
  /** Where calls are recorded: a tracker from `createTracker`. */
  tracker: UsageRecorder & { flush?: () => Promise<boolean> };
  /**
   * Span attributes that name the end user, looked up on the GenAI span,
   * then its ancestors, then the resource, when the tokenledger usage scope
   * has no user. Default `['user.id', 'enduser.id']`; `[]` turns it off.
   */
  userAttributes?: readonly string[];
  /**
   * Span attributes that name the endpoint, looked up the same way when the
   * usage scope has no endpoint. Keep them low-cardinality (a route
   * pattern, never a URL). Default `['http.route']`.
   */
  endpointAttributes?: readonly string[];
  /**
   * Per instrumentation scope name (the tracer name of the instrumentation,
   * `span.instrumentationScope.name`), whether its `gen_ai.*` input count
   * includes the cache reads and writes, on top of the built-in table
   * (OpenLLMetry's and OpenLIT's Anthropic instrumentations exclude them,
   * OpenLLMetry's OpenAI one includes them). Spans of a scope in neither
   * are read by the fallback rule (see docs/opentelemetry.md).
   */
  cacheInclusion?: Readonly<Record<string, CacheInclusion>>;
  /** Tags stamped on every event recorded from a span. */
  tags?: Record<string, string>;
  /** Receives processor failures (it never throws into the SDK). */
  onError?: (error: TokenledgerError) => void;
  /** Receives typed events about spans that were not recorded. */
  logger?: SpanProcessorLogger;
}

/**
 * Span counts of a {@link TokenledgerSpanProcessor} since it was created.
 *
 * @example
 * ```ts
 * const { withoutUsage } = processor.stats();
 * ```
 */
export interface SpanProcessorStats {
  /** Model-call spans seen (GenAI spans that are one call). */
  calls: number;
  /** Calls handed to the tracker. */
  recorded: number;
  /** Model-call spans without token counts: counted, not recorded. */
  withoutUsage: number;
  /** Spans summing other calls (AI SDK `generateText`, agents): skipped. */
  aggregates: number;
  /** Spans the processor failed on (reported to `onError`). */
  failed: number;
}
