export * from './analysis/index.js';
export * from './clients/index.js';
export type { Lazy, ResolvedUsageContext, UsageContext } from './context.js';
export {
  currentUsageContext,
  setUsageContext,
  withUsageContext,
} from './context.js';
export type {
  TokenledgerErrorCode,
  TokenledgerErrorOptions,
  UsageErrorOptions,
} from './errors.js';
export {
  TokenledgerError,
  toTokenledgerError,
  UsageError,
  UsageMissingError,
} from './errors.js';
export {
  divRoundHalfEven,
  formatUsd,
  NANO_PER_USD,
  parseUsd,
  sumUsd,
  USD_DECIMALS,
} from './money.js';
export * from './pricing/index.js';
export type {
  ApiShape,
  CallStatus,
  CostBreakdown,
  TokenUsage,
  UsageEvent,
} from './schema.js';
export {
  API_SHAPES,
  CallStatusSchema,
  CostBreakdownSchema,
  MAX_TOKEN_COUNT,
  promptTokens,
  TokenUsageSchema,
  tokenUsage,
  UsageEventSchema,
} from './schema.js';
export type {
  AggregateMeasure,
  AggregateQuery,
  AggregateRow,
  CacheCall,
  CacheCallsPage,
  CacheCallsQuery,
  EventCostUpdate,
  EventsPage,
  EventsQuery,
  Facets,
  GroupByDimension,
  InsertResult,
  OneOrMany,
  TimeSeriesPoint,
  TimeSeriesQuery,
  UsageFilter,
  UsageSink,
  UsageStore,
  UsageTotals,
  UserCalls,
} from './store.js';
export * from './tracker/index.js';
export * from './usage/index.js';
