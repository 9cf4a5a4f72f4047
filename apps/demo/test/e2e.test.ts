import { normalizeUsage, priceUsage, type UsageEvent } from '@tokenledger/core';
import { type KyselyUsageStore, openStore } from '@tokenledger/kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GenerateResult,
  generateTraffic,
} from '../src/traffic/generate.js';
import { instantOf, twoDayScenario } from '../src/traffic/scenario.js';
import { allEvents, mean, pairServedWithStored } from './stored-events.js';

const VALIDATE = 'POST /claims/:id/validate';
// Monday 2 November 2026: day 1 ordinary, day 2 both deploys and the burst
const scenario = twoDayScenario(Date.parse('2026-11-02T00:00:00Z'));

describe('demo traffic, end to end (two days)', () => {
  let store: KyselyUsageStore;
  let result: GenerateResult;
  let events: UsageEvent[];

  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    await store.migrate();
    result = await generateTraffic({ store, scenario });
    events = await allEvents(store);
  }, 120_000);

  afterAll(() => store?.close());

  it('should store exactly one event per LLM call the simulator served', () => {
    // every request makes one LLM call: count requests, served calls, events
    expect(result.report.failures).toBe(0);
    expect(result.served).toHaveLength(result.report.requests);
    expect(events).toHaveLength(result.served.length);
    expect(result.tracker.written).toBe(result.served.length);
    expect(result.tracker.dropped + result.tracker.rejected).toBe(0);

    const byShape = (items: Array<{ shape: string | null }>) =>
      items.reduce<Record<string, number>>((counts, item) => {
        counts[String(item.shape)] = (counts[String(item.shape)] ?? 0) + 1;
        return counts;
      }, {});
    expect(byShape(events)).toEqual(byShape(result.served));
  });

  it('should price every event exactly as priceUsage prices the served usage', () => {
    const pairs = pairServedWithStored(result.served, events);
    const matched = new Set(pairs.map(({ event }) => event?.id));

    // a one-to-one match: no event is claimed by two calls
    expect(matched.size).toBe(result.served.length);
    for (const { call, event } of pairs) {
      const usage = normalizeUsage(call.shape, call.usage);
      const cost = priceUsage({
        provider: call.provider,
        model: call.model,
        usage,
        at: new Date(call.atMs),
      });

      expect(event, `no event for ${call.requestId}`).toBeDefined();
      expect(event?.usage).toEqual(usage);
      expect(event?.timestamp.getTime()).toBe(call.atMs);
      expect(cost.priced).toBe(true);
      if (cost.priced) {
        expect(event?.costUsd).toBe(cost.totalUsd);
        expect(event?.cost).toEqual(cost.breakdown);
        expect(event?.priceId).toBe(cost.priceId);
      }
    }
  });

  it('should show the validate cache stop hitting after release 2.4.0', () => {
    const validate = events.filter((event) => event.endpoint === VALIDATE);
    const readShare = (release: string) => {
      const calls = validate.filter((event) => event.release === release);
      const read = calls.reduce((sum, e) => sum + e.usage.cacheReadTokens, 0);
      const prompt = calls.reduce(
        (sum, e) =>
          sum +
          e.usage.inputTokens +
          e.usage.cacheReadTokens +
          e.usage.cacheWriteTokens +
          e.usage.cacheWrite1hTokens,
        0,
      );
      return read / prompt;
    };

    // before: the shared guide (and often the paper) is read from cache;
    // after: every user's prefix is new, so it is written, not read
    expect(readShare('2.3.0')).toBeGreaterThan(0.5);
    expect(readShare('2.4.0')).toBeLessThan(0.2);
  });

  it("should show one user's scripted summarize burst on day 2", () => {
    const day2 = instantOf(scenario, 2);
    const perUser = new Map<string, number>();
    for (const event of events) {
      if (event.endpoint !== 'POST /papers/:id/summarize') continue;
      if (event.timestamp.getTime() < day2) continue;
      perUser.set(event.userId, (perUser.get(event.userId) ?? 0) + 1);
    }
    const [top, next] = [...perUser.entries()].sort((a, b) => b[1] - a[1]);

    expect(top?.[0]).toBe(scenario.burst.userId);
    expect(top?.[1]).toBeGreaterThanOrEqual(scenario.burst.calls);
    expect(top?.[1]).toBeGreaterThan(10 * (next?.[1] ?? 0));
  });

  it('should show chat answers about twice as long from release 2.3.1', () => {
    const output = (releases: string[]) =>
      mean(
        events
          .filter(
            (event) =>
              event.endpoint === 'POST /chat' &&
              releases.includes(event.release ?? ''),
          )
          .map((event) => event.usage.outputTokens),
      );
    const ratio = output(['2.3.1', '2.4.0']) / output(['2.3.0']);

    // 150 -> 300 requested words; reasoning grows less than the answer
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.2);
  });

  it('should attribute searches served by the NestJS variant', () => {
    const searches = events.filter(
      (event) => event.endpoint === 'POST /search',
    );
    const viaNest = searches.filter((event) => event.tags.adapter === 'nestjs');

    expect(viaNest.length).toBeGreaterThan(0);
    expect(viaNest.length).toBeLessThan(searches.length);
    expect(viaNest.every((event) => event.userId.startsWith('u_'))).toBe(true);
  });
});
