export type {
  RecordCallInput,
  RecordNormalizedInput,
  UsageRecorder,
} from './types.js';
