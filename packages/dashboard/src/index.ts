export type { RangePreset, TimeRange } from './time-range.js';
export { isRangePreset, resolvePreset } from './time-range.js';
