import {
  cacheDiagnostics,
  compareRelease,
  type ReleaseComparison,
} from '@tokenledger/core';
import { type KyselyUsageStore, openStore } from '@tokenledger/kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic } from '../src/traffic/generate.js';
import { instantOf, twoDayScenario } from '../src/traffic/scenario.js';

const VALIDATE = 'POST /claims/:id/validate';
// the two-day scenario: 2.4.0 puts the user profile ahead of the cached
// validate prompt at 12:00 on day 2
const scenario = twoDayScenario(Date.parse('2026-11-02T00:00:00Z'));

describe('cost analysis over the demo traffic (two days)', () => {
  let store: KyselyUsageStore;
  let comparison: ReleaseComparison;

  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    await store.migrate();
    await generateTraffic({ store, scenario });
    comparison = await compareRelease(store, '2.4.0', { by: 'endpoint' });
  }, 180_000);

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
    expect(comparison.sentences[0]).toMatch(/^After release 2\.4\.0: /);
    expect(comparison.sentences).toContainEqual(
      expect.stringMatching(
        /^POST \/claims\/:id\/validate: \+\$[\d,.]+\/day\. Caching \+\$[\d,.]+ \(cache read share \d+% -> \d+%\)/,
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
});
