import { currentUsageContext } from '../../src/context.js';
import type {
  RecordCallInput,
  RecordNormalizedInput,
  UsageRecorder,
} from '../../src/tracker/types.js';

/** A recorded input and the usage context it was recorded in. */
export type Captured = (
  | ({ kind: 'raw' } & RecordCallInput)
  | ({ kind: 'normalized' } & RecordNormalizedInput)
) & { contextUserId: string | undefined };

/** A recorder that keeps what it is given, for assertions. */
export function captureRecorder(): UsageRecorder & { calls: Captured[] } {
  const calls: Captured[] = [];
  const contextUserId = () => currentUsageContext()?.userId;

  return {
    calls,
    record: (input) =>
      calls.push({ kind: 'raw', ...input, contextUserId: contextUserId() }),
    recordNormalized: (input) =>
      calls.push({
        kind: 'normalized',
        ...input,
        contextUserId: contextUserId(),
      }),
  };
}
