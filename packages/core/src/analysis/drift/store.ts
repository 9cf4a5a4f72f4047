import type { UsageFilter, UsageStore } from '../../store.js';
import { readEvents } from '../read-events.js';
import { outputDrift } from './drift.js';
import type { EndpointOutputDrift, OutputDriftOptions } from './types.js';

/** What {@link outputDriftFromStore} reads. */
export interface OutputDriftRequest extends OutputDriftOptions {
  filter?: UsageFilter;
  /** Most events read. Default 200,000. */
  maxEvents?: number;
}

/** Output drift of a store's endpoints, with what the event cap cut. */
export interface OutputDriftResult {
  endpoints: EndpointOutputDrift[];
  eventsRead: number;
  /** More events matched than `maxEvents`: the oldest were not read. */
  capped: boolean;
}

/**
 * {@link outputDrift} over the events of a store, read with the keyset
 * cursor up to `maxEvents` (newest first, so a cap drops the oldest).
 *
 * @example
 * ```ts
 * const { endpoints, capped } = await outputDriftFromStore(store, {
 *   filter: { endpoint: 'POST /chat', from: new Date('2026-11-01') },
 * });
 * ```
 */
export async function outputDriftFromStore(
  store: UsageStore,
  request: OutputDriftRequest = {},
): Promise<OutputDriftResult> {
  const { filter = {}, maxEvents, ...options } = request;
  const scan = await readEvents(
    store,
    filter,
    maxEvents === undefined ? {} : { maxEvents },
  );

  return {
    endpoints: outputDrift(scan.events, options),
    eventsRead: scan.events.length,
    capped: scan.capped,
  };
}
