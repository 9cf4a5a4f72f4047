import type {
  RecordCallInput,
  RecordNormalizedInput,
  UsageRecorder,
} from '@tokenledger/core';
import type { Clock } from '../clock.js';

/**
 * A recorder that stamps each call with `clock`'s time before handing it to
 * `recorder`. The instrumented clients stamp calls with the wall-clock time
 * they started (`new Date()` in core's `CallRecording`), which ignores the
 * tracker's `clock` option; on the demo's virtual clock that would put two
 * simulated weeks at "now". A request takes no simulated time, so the
 * clock's time is the call's start. Remove once the clients take their
 * timestamp from the tracker's clock.
 *
 * @example
 * ```ts
 * const anthropic = instrumentAnthropic(new Anthropic(), onClock(tracker, clock));
 * ```
 */
export function onClock(recorder: UsageRecorder, clock: Clock): UsageRecorder {
  return {
    record: (input: RecordCallInput) =>
      recorder.record({ ...input, timestamp: clock.now() }),
    recordNormalized: (input: RecordNormalizedInput) =>
      recorder.recordNormalized({ ...input, timestamp: clock.now() }),
  };
}
