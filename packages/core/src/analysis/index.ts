export { allocateRounded } from './allocate.js';
export { explainChange } from './explain.js';
export type {
  Concentration,
  Driver,
  DriverContribution,
  ExplainOptions,
  Explanation,
  GroupExplanation,
  TimeWindow,
  UserActivity,
  VolumeSplit,
  WindowAggregate,
} from './types.js';
export { DRIVERS } from './types.js';
