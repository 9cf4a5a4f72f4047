import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  createTracker,
  setUsageContext,
  withUsageContext,
} from '../src/index.js';
import { MemorySink, SONNET_USAGE } from './tracker-support.js';

const REQUESTS = 1_000;
const CALLS_PER_REQUEST = 3;

/** A request handler that records from deep inside awaits and timers. */
async function handle(
  request: number,
  record: (step: string) => void,
): Promise<void> {
  await delay(request % 13);
  setUsageContext({ userId: `user-${request}` });
  record('after-auth');

  await Promise.all([
    (async () => {
      await delay(request % 5);
      await Promise.resolve();
      record('in-parallel-branch');
    })(),
    new Promise<void>((resolve) =>
      setTimeout(() => {
        setImmediate(() => {
          record('in-timer-callback');
          resolve();
        });
      }, request % 7),
    ),
  ]);
}

describe('tracker under concurrency', () => {
  it('should attribute every event of 1,000 concurrent requests to its own request', async () => {
    const sink = new MemorySink();
    const tracker = createTracker({ store: sink, spoolPath: false });

    await Promise.all(
      Array.from({ length: REQUESTS }, (_, request) =>
        withUsageContext(
          {
            userId: 'anonymous-until-auth',
            endpoint: () => `POST /requests/${request}`,
            tags: { request: String(request) },
          },
          () =>
            handle(request, (step) =>
              tracker.record({
                provider: 'anthropic',
                model: 'claude-sonnet-4-5',
                shape: 'anthropic.messages',
                usage: SONNET_USAGE,
                requestId: `${request}:${step}`,
              }),
            ),
        ),
      ),
    );
    await tracker.shutdown();

    const events = sink.events();
    expect(events).toHaveLength(REQUESTS * CALLS_PER_REQUEST);
    for (const event of events) {
      const request = event.requestId?.split(':')[0];
      expect(event.userId).toBe(`user-${request}`);
      expect(event.endpoint).toBe(`POST /requests/${request}`);
      expect(event.tags).toEqual({ request });
    }
    expect(tracker.stats()).toMatchObject({
      recorded: 3_000,
      written: 3_000,
      rejected: 0,
    });
  });
});
