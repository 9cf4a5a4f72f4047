import type { UsageFilter } from '../../store.js';
import type { Explanation } from '../types.js';

/** Options of {@link detectAnomalies}. */
export interface AnomalyOptions {
  filter?: UsageFilter;
  /** First hour checked. Default: the last complete hour before `now`. */
  from?: Date;
  /** End of the hours checked (exclusive). Default: the start of the current hour. */
  to?: Date;
  /** Default `new Date()`. */
  now?: Date;
  /** Same hour of the week, this many weeks back, make the baseline. Default 4. */
  baselineWeeks?: number;
  /**
   * While fewer than two of those weeks have data, the same hour of the day
   * this many days back makes it instead (at least three of them with
   * data). Default 7; `0` waits for the weeks.
   */
  baselineDays?: number;
  /** Robust z-score above which an hour is an anomaly. Default 5. */
  threshold?: number;
  /** An anomaly must also be this many USD above the median. Default `'0.01'`. */
  minUsd?: string;
}

/** An hour of an endpoint that cost far more than its usual same hour of the week (or day). */
export interface Anomaly {
  endpoint: string;
  hourStart: Date;
  costUsd: string;
  baselineMedianUsd: string;
  baselineMadUsd: string;
  /** `'week'`: same hour of earlier weeks; `'day'`: of earlier days, while the weeks are too few. */
  baselinePeriod: 'week' | 'day';
  /** The earlier hours that made the baseline, newest first. */
  baselineHours: Date[];
  /** (cost - median) / (1.4826 x MAD), with a floor on the spread. */
  score: number;
  /** The hour against its baseline hours, by model. */
  explanation: Explanation;
}
