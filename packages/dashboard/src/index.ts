export type {
  CacheCause,
  CacheDiagnostic,
  CacheDiagnostics,
} from './api/analysis-types.js';
export type {
  AnomaliesRequest,
  DashboardAnalysis,
  DashboardAuth,
  DashboardOptions,
  ExplainRequest,
} from './options.js';
export { MIN_TOKEN_LENGTH } from './options.js';
export { dashboard } from './router.js';
export type { RangePreset, TimeRange } from './time-range.js';
export { isRangePreset, resolvePreset } from './time-range.js';
