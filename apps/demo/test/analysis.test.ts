import {
  cacheDiagnostics,
  compareRelease,
  explainFromStore,
  parseUsd,
  type ReleaseComparison,
  sumUsd,
  type UsageEvent,
} from '@tokenledger/core';
import { type KyselyUsageStore, openStore } from '@tokenledger/kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic } from '../src/traffic/generate.js';
import { instantOf, twoDayScenario } from '../src/traffic/scenario.js';
import { allEvents, mean } from './stored-events.js';

const VALIDATE = 'POST /claims/:id/validate';
const SUMMARIZE = 'POST /papers/:id/summarize';
const CHAT = 'POST /chat';
// the two-day scenario: on day 2, 2.3.1 doubles chat answers at 00:00,
// u_057 scripts summarize from 02:00 to 04:00, and 2.4.0 puts the user
// profile ahead of the cached validate prompt at 12:00
const scenario = twoDayScenario(Date.parse('2026-11-02T00:00:00Z'));
const day = (n: number) => new Date(instantOf(scenario, n));

describe('cost analysis over the demo traffic (two days)', () => {
  let store: KyselyUsageStore;
  let comparison: ReleaseComparison;
  let events: UsageEvent[];

  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    await store.migrate();
    await generateTraffic({ store, scenario });
    comparison = await compareRelease(store, '2.4.0', { by: 'endpoint' });
    events = await allEvents(store);
  }, 180_000);

  /** The stored events of `endpoint` in `[from, to)`, read without the analysis. */
  const eventsOf = (endpoint: string, from: Date, to: Date) =>
    events.filter(
      (e) =>
        e.endpoint === endpoint &&
        e.timestamp.getTime() >= from.getTime() &&
        e.timestamp.getTime() < to.getTime(),
    );

  afterAll(() => store?.close());

  it('should compare the 12 hours after the first 2.4.0 call with the same hours a day earlier', () => {
    // deployed at 12:00 on day 2, data until midnight: under a day after
    // it, so the before window is the same hours of day 1 (the burst and
    // the night of day 2 stay out)
    const deployMs = instantOf(scenario, 2, 12);
    const firstMs = comparison.firstCallAt.getTime();
    const lengthMs = comparison.after.to.getTime() - firstMs;

    expect(firstMs).toBeGreaterThanOrEqual(deployMs);
    expect(firstMs).toBeLessThan(deployMs + 3_600_000);
    expect(comparison.after.to.getTime()).toBe(instantOf(scenario, 3));
    expect(comparison.before).toEqual({
      from: new Date(firstMs - 86_400_000),
      to: new Date(firstMs - 86_400_000 + lengthMs),
    });
  });

  it('should rank caching first for the validate endpoint and name the release', () => {
    const validate = comparison.groups.find((g) => g.key === VALIDATE);
    const [first] = validate?.drivers ?? [];

    expect(first?.driver).toBe('cacheMix');
    expect(BigInt(first?.usdPerDay.replace('.', '') ?? '0')).toBeGreaterThan(
      0n,
    );
    // the release the store saw first in the after window, not the title
    expect(validate?.releases).toEqual(['2.4.0']);
    expect(comparison.sentences[0]).toMatch(/^After release 2\.4\.0: /);
    expect(comparison.sentences).toContainEqual(
      expect.stringMatching(
        /^POST \/claims\/:id\/validate: \+\$[\d,.]+\/day\. Caching \+\$[\d,.]+ \(cache read share \d+% -> \d+%\).* New release in this window: 2\.4\.0\.$/,
      ),
    );
  });

  it('should make every driver list sum exactly to its total', () => {
    const nano = (usd: string) => BigInt(usd.replace('.', ''));
    const sum = (drivers: { usdPerDay: string }[]) =>
      drivers.reduce((total, d) => total + nano(d.usdPerDay), 0n);

    expect(sum(comparison.drivers)).toBe(nano(comparison.totalChangeUsdPerDay));
    for (const group of comparison.groups) {
      expect(sum(group.drivers)).toBe(nano(group.totalChangeUsdPerDay));
    }
  });

  it('should diagnose prefix churn on validate after the release', async () => {
    const { diagnostics, capped } = await cacheDiagnostics(store, {
      filter: {
        endpoint: VALIDATE,
        from: comparison.after.from,
        to: comparison.after.to,
      },
    });
    const causes = diagnostics[0]?.causes.map((c) => c.code) ?? [];

    expect(capped).toBe(false);
    expect(diagnostics[0]?.endpoint).toBe(VALIDATE);
    expect(causes[0]).toBe('prefixChurn');
  });

  it('should explain the summarize burst as volume, carried by the scripting user', async () => {
    const { userId } = scenario.burst;
    const explanation = await explainFromStore(store, {
      filter: { endpoint: SUMMARIZE },
      before: { from: day(1), to: day(2) },
      after: { from: day(2), to: day(3) },
      by: 'user',
    });
    const [first] = explanation.groups;
    // both windows are one day long: the cost per day is the window's cost
    const scripted = eventsOf(SUMMARIZE, day(2), day(3)).filter(
      (e) => e.userId === userId,
    );
    const scriptedUsd = sumUsd(scripted.map((e) => e.costUsd ?? '0'));

    expect(explanation.drivers[0]).toMatchObject({
      driver: 'volume',
      detail: {
        before: eventsOf(SUMMARIZE, day(1), day(2)).length,
        after: eventsOf(SUMMARIZE, day(2), day(3)).length,
      },
    });
    expect(first?.key).toBe(userId);
    // no summarize call of that user on day 1: the whole change is volume
    expect(
      eventsOf(SUMMARIZE, day(1), day(2)).some((e) => e.userId === userId),
    ).toBe(false);
    expect(first?.totalChangeUsdPerDay).toBe(scriptedUsd);
    expect(first?.drivers[0]).toMatchObject({
      driver: 'volume',
      usdPerDay: scriptedUsd,
    });
    expect(scripted.length).toBeGreaterThanOrEqual(scenario.burst.calls);
    // everyone else together moved less than a tenth of that user's change
    const others =
      parseUsd(explanation.totalChangeUsdPerDay) - parseUsd(scriptedUsd);
    expect((others < 0n ? -others : others) * 10n).toBeLessThan(
      parseUsd(scriptedUsd),
    );
    expect(explanation.concentration?.after.topUsers[0]?.userId).toBe(userId);
    expect(explanation.sentences[1]).toMatch(
      new RegExp(
        `^${userId}: \\+\\$[\\d.]+/day\\. Volume \\+\\$[\\d.]+ \\(calls per day 0 -> ${scripted.length}\\)`,
      ),
    );
  });

  it('should explain chat around release 2.3.1 as output size', async () => {
    const chat = await compareRelease(store, '2.3.1', {
      filter: { endpoint: CHAT },
    });
    const [group] = chat.groups;
    const outputPerCall = (from: Date, to: Date) =>
      mean(eventsOf(CHAT, from, to).map((e) => e.usage.outputTokens));
    const before = outputPerCall(chat.before.from, chat.before.to);
    const after = outputPerCall(chat.after.from, chat.after.to);

    expect(chat.groups.map((g) => g.key)).toEqual([CHAT]);
    expect(chat.drivers[0]?.driver).toBe('outputSize');
    expect(group?.drivers[0]?.driver).toBe('outputSize');
    expect(parseUsd(group?.drivers[0]?.usdPerDay ?? '0')).toBeGreaterThan(0n);
    expect(group?.drivers[0]?.detail?.before).toBeCloseTo(before, 1);
    expect(group?.drivers[0]?.detail?.after).toBeCloseTo(after, 1);
    // 150 -> 300 requested words; reasoning grows less than the answer
    expect(after / before).toBeGreaterThan(1.7);
    expect(after / before).toBeLessThan(2.2);
    // 2.3.1 is new in the after window; so is 2.4.0, deployed at noon
    expect(group?.releases).toEqual(['2.3.1', '2.4.0']);
    expect(chat.sentences[1]).toMatch(
      /^POST \/chat: \+\$[\d.]+\/day\. Output size \+\$[\d.]+ \(output tokens per call [\d.]+ -> [\d.]+\).* New releases in this window: 2\.3\.1, 2\.4\.0\.$/,
    );
  });
});
