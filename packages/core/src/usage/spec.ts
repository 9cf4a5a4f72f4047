import type { ApiShape, TokenUsage } from '../schema.js';
import type { UsageRecord } from './counts.js';

/**
 * How one API shape reports usage: where it sits in a response body, how to
 * recognise the usage object itself, and how its counts map onto the
 * disjoint token classes.
 */
export interface UsageShapeSpec {
  readonly shape: ApiShape;
  /** Paths from a response body (or stream event) to its usage object. */
  readonly paths: readonly (readonly string[])[];
  /** Keys only the usage object itself carries. */
  readonly markers: readonly string[];
  /** What to do when a response carries no usage. */
  readonly missingHint: string;
  /** Maps a located usage object; throws `UsageError` on bad counts. */
  normalize(usage: UsageRecord): TokenUsage;
}
