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
export type {
  CallStatus,
  CostBreakdown,
  TokenUsage,
  UsageEvent,
} from './schema.js';
export {
  CallStatusSchema,
  CostBreakdownSchema,
  MAX_TOKEN_COUNT,
  promptTokens,
  TokenUsageSchema,
  tokenUsage,
  UsageEventSchema,
} from './schema.js';
export type {
  AggregateQuery,
  AggregateRow,
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
} from './store.js';
