import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  createTracker,
  type TokenledgerError,
  type Tracker,
  type TrackerOptions,
  type UsageEvent,
} from '@tokenledger/core';
import {
  type SpanProcessorLogEvent,
  TokenledgerSpanProcessor,
  type TokenledgerSpanProcessorOptions,
} from '../src/index.js';

/** An in-memory store, idempotent by event id like a real one. */
export class MemorySink {
  readonly rows = new Map<string, UsageEvent>();

  async insertEvents(events: UsageEvent[]) {
    let inserted = 0;
    for (const event of events) {
      if (this.rows.has(event.id)) continue;
      this.rows.set(event.id, event);
      inserted += 1;
    }

    return { inserted, duplicates: events.length - inserted };
  }

  events(): UsageEvent[] {
    return [...this.rows.values()];
  }
}

/** The time every test span starts at: prices in force then apply. */
export const STARTED = new Date('2026-11-20T09:30:00.000Z');

/**
 * A real tracer provider whose spans go through the tokenledger processor
 * (and an in-memory exporter, as an app's own exporter would), a tracker on
 * an in-memory sink, and the async-hooks context manager.
 */
export function setupTracing(
  options: Omit<Partial<TokenledgerSpanProcessorOptions>, 'tracker'> & {
    resource?: Record<string, string>;
    trackerOptions?: Partial<TrackerOptions>;
  } = {},
) {
  const sink = new MemorySink();
  const errors: TokenledgerError[] = [];
  const logged: SpanProcessorLogEvent[] = [];
  const { resource, trackerOptions, ...processorOptions } = options;
  const tracker: Tracker = createTracker({
    store: sink,
    spoolPath: false,
    onError: (error) => errors.push(error),
    ...trackerOptions,
  });
  const processor = new TokenledgerSpanProcessor({
    tracker,
    onError: (error) => errors.push(error),
    logger: { log: (event) => logged.push(event) },
    ...processorOptions,
  });
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [processor, new SimpleSpanProcessor(exporter)],
    ...(resource ? { resource: resourceFromAttributes(resource) } : {}),
  });
  const tracer = provider.getTracer('test');

  async function events(): Promise<UsageEvent[]> {
    await processor.forceFlush();
    return sink.events();
  }

  /** A tracer named as an instrumentation names its own (its scope). */
  function tracerOf(scopeName: string, version?: string) {
    return provider.getTracer(scopeName, version);
  }

  return {
    sink,
    errors,
    logged,
    tracker,
    processor,
    exporter,
    tracer,
    tracerOf,
    events,
  };
}

/** Installs the async-hooks context manager for the calling test file. */
export function useContextManager(): () => void {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);

  return () => {
    context.disable();
    trace.disable();
  };
}
