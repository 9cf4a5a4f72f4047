import { Inject } from '@nestjs/common';
import type {
  RecordCallInput,
  RecordNormalizedInput,
  UsageRecorder,
} from '@tokenledger/core';

/**
 * The tracker given to `TokenledgerModule`, as a Nest injection token and a
 * type at once: a constructor parameter typed `Tracker` is injected without
 * a decorator. Any object with these methods (core's `createTracker()`
 * result) is one.
 *
 * @example
 * ```ts
 * @Injectable()
 * class ClaimsService {
 *   constructor(private readonly tracker: Tracker) {}
 * }
 * ```
 */
export abstract class Tracker implements UsageRecorder {
  abstract record(input: RecordCallInput): void;
  abstract recordNormalized(input: RecordNormalizedInput): void;
  /** Writes every buffered event to storage. */
  abstract flush(): Promise<unknown>;
}

/**
 * Injects the module's {@link Tracker}, for code that prefers an explicit
 * decorator or types the parameter as core's own tracker type.
 *
 * @example
 * ```ts
 * constructor(@InjectTracker() private readonly tracker: Tracker) {}
 * ```
 */
export function InjectTracker(): PropertyDecorator & ParameterDecorator {
  return Inject(Tracker);
}
