export {
  type Budget,
  type BudgetExceeded,
  exceededBudgets,
} from './alerts/budgets.js';
export {
  type CostMonitor,
  type CostMonitorOptions,
  createCostMonitor,
  type MonitorCheck,
} from './alerts/monitor.js';
export {
  createWebhookSender,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookOptions,
  type WebhookSender,
} from './alerts/webhook.js';
export { allocateRounded } from './allocate.js';
export { median, robustBaseline } from './anomaly/baseline.js';
export { detectAnomalies } from './anomaly/detect.js';
export type { Anomaly, AnomalyOptions } from './anomaly/types.js';
export { diagnoseCache } from './cache/diagnose.js';
export {
  type CacheDiagnosticsRequest,
  type CacheDiagnosticsResult,
  cacheDiagnostics,
} from './cache/store.js';
export type {
  CacheCause,
  CacheCauseCode,
  CacheDiagnostic,
  DiagnoseCacheOptions,
} from './cache/types.js';
export { outputDrift } from './drift/drift.js';
export { percentile } from './drift/percentile.js';
export {
  type OutputDriftRequest,
  type OutputDriftResult,
  outputDriftFromStore,
} from './drift/store.js';
export type {
  EndpointOutputDrift,
  OutputBucket,
  OutputDrift,
  OutputDriftOptions,
  OutputSegment,
  OutputStats,
  Quantiles,
  ReleaseOutput,
} from './drift/types.js';
export { explainChange } from './explain.js';
export {
  DEFAULT_MAX_EVENTS,
  type EventScan,
  type ReadEventsOptions,
  readEvents,
} from './read-events.js';
export {
  type CompareReleaseOptions,
  compareRelease,
  type ReleaseComparison,
  type ReleaseWindows,
  type ReleaseWindowsOptions,
  releaseWindows,
} from './releases.js';
export {
  type StoreAnalysis,
  type StoreAnalysisOptions,
  storeAnalysis,
} from './store-analysis.js';
export {
  type ExplainDimension,
  explainFromStore,
  type StoreExplainRequest,
  type StoreExplanation,
} from './store-explain.js';
export type {
  Concentration,
  Driver,
  DriverContribution,
  ExplainOptions,
  Explanation,
  GroupExplanation,
  TimeWindow,
  UserActivity,
  UserActivityInput,
  UserSummary,
  VolumeSplit,
  WindowAggregate,
} from './types.js';
export { DRIVERS } from './types.js';
