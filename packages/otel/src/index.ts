export type { OtelCostMetricsOptions } from './metrics/cost-metrics.js';
export { otelCostMetrics } from './metrics/cost-metrics.js';
export { METRIC_NAMES } from './metrics/instruments.js';
export { SPAN_COST_ATTRIBUTES } from './metrics/span-cost.js';
export type {
  SpanProcessorLogEvent,
  SpanProcessorLogger,
  SpanProcessorStats,
  TokenledgerSpanProcessorOptions,
} from './processor/options.js';
export { TokenledgerSpanProcessor } from './processor/span-processor.js';
export { providerFromAiSdk, providerFromGenAi } from './provider.js';
export type { CacheInclusion } from './spans/cache-inclusion.js';
export { cacheInclusionLookup } from './spans/cache-inclusion.js';
export type { CallFacts, SpanCall, SpanConvention } from './spans/span-call.js';
export { readSpanCall } from './spans/span-call.js';
