export { TRACKER_DEFAULTS } from './defaults.js';
export { ANONYMOUS_USER, UNKNOWN_ENDPOINT } from './event.js';
export type { ShutdownHooksOptions } from './hooks.js';
export type {
  TrackerLogEvent,
  TrackerLogger,
  TrackerOptions,
  TrackerStats,
} from './options.js';
export { createTracker } from './tracker.js';
export type { Tracker } from './tracker-api.js';
export type {
  RecordCallInput,
  RecordNormalizedInput,
  UsageRecorder,
} from './types.js';
export { uuidv7 } from './uuid.js';
export {
  type CostNano,
  checkUsageEvent,
  type EventCheck,
  type EventIssue,
  findEventIssue,
} from './validate.js';
