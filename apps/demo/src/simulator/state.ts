import type { Clock } from '../clock.js';
import { PromptCache } from './prompt-cache.js';
import type { ServedCall } from './served.js';

/** What the provider handlers share: time, caches and the served log. */
export interface SimulatorState {
  clock: Clock;
  anthropicCache: PromptCache;
  openaiCache: PromptCache;
  served: ServedCall[];
  /** Called with each call once it is served. */
  onServed: ((call: ServedCall) => void) | undefined;
}

/** Fresh, empty state on `clock`. */
export function createSimulatorState(
  clock: Clock,
  onServed?: (call: ServedCall) => void,
): SimulatorState {
  return {
    clock,
    anthropicCache: new PromptCache(),
    openaiCache: new PromptCache(),
    served: [],
    onServed,
  };
}

/** Logs a served call. */
export function recordServed(state: SimulatorState, call: ServedCall): void {
  state.served.push(call);
  state.onServed?.(call);
}
