import type { UsageEvent } from '@tokenledger/core';
import { makeEvent, randomInts } from '../test/support/seed.js';

const ENDPOINTS = Array.from(
  { length: 20 },
  (_, i) => `POST /feature-${i + 1}`,
);
const MODELS = [
  'claude-sonnet-4-5',
  'gpt-4o-mini',
  'gpt-4o-mini',
  'mystery-model',
];
const RELEASES = ['2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0'];

/** Options of {@link trafficBatches}. */
export interface TrafficOptions {
  events: number;
  users: number;
  start: Date;
  days: number;
}

/**
 * Deterministic traffic, in batches: events spread evenly over the days,
 * users skewed (a few heavy users, a long tail), 20 endpoints, 4 models
 * (one unpriced), a new release every 6 days.
 */
export function* trafficBatches(
  options: TrafficOptions,
  batchSize: number,
): Generator<UsageEvent[]> {
  const next = randomInts(7);
  const spanMs = options.days * 86_400_000;
  const releaseMs = spanMs / RELEASES.length;
  let batch: UsageEvent[] = [];

  for (let i = 0; i < options.events; i += 1) {
    const offsetMs = Math.floor((i * spanMs) / options.events);
    const skew = (next(1_000_000) / 1_000_000) ** 3;
    batch.push(
      makeEvent({
        id: `bench-${String(i).padStart(9, '0')}`,
        at: new Date(options.start.getTime() + offsetMs),
        userId: `user-${Math.floor(skew * options.users)}`,
        endpoint: ENDPOINTS[next(ENDPOINTS.length)] as string,
        model: MODELS[next(MODELS.length)] as string,
        release: RELEASES[Math.floor(offsetMs / releaseMs)] as string,
        input: 200 + next(3000),
        output: 20 + next(900),
        cacheRead: next(2) === 0 ? 0 : 1024 + next(4000),
        cacheWrite: next(8) === 0 ? 1024 : 0,
      }),
    );

    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }

  if (batch.length > 0) yield batch;
}
