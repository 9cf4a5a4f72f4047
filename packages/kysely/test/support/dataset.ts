import type { UsageEvent } from '@tokenledger/core';
import { formatUsd } from '@tokenledger/core';
import { makeEvent } from './events.js';
import type { StoreHarness, TestStore } from './harness.js';

const HOUR = 3_600_000;

/**
 * A deterministic mixed dataset: `count` events over 3 days from
 * 2026-11-02, across users, providers, models, endpoints, releases (some
 * null), statuses, priced and unpriced, with tags. A seeded mulberry32
 * generator keeps it the same on every run.
 */
export function mixedEvents(count: number): UsageEvent[] {
  let seed = 42;
  const next = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) % n;
  };
  const pick = <T>(items: readonly T[]) => items[next(items.length)] as T;
  const start = Date.parse('2026-11-02T00:00:00.000Z');

  return Array.from({ length: count }, (_, i) => {
    const priced = next(10) !== 0;
    const input = next(5000);
    const output = next(800);
    const cacheRead = next(3) === 0 ? next(4000) : 0;
    const inputNano = BigInt(input) * 3000n;
    const outputNano = BigInt(output) * 15000n;
    const readNano = BigInt(cacheRead) * 300n;

    return makeEvent({
      id: `mixed-${i}`,
      timestamp: new Date(start + next(72 * HOUR)),
      provider: pick(['anthropic', 'openai']),
      model: pick(['m-large', 'm-small', 'm-mini']),
      userId: pick(['alice', 'bob', 'carol', 'dave']),
      endpoint: pick(['chat', 'summarize', 'classify']),
      release: pick(['2.4.0', '2.5.0', null]),
      status: pick(['ok', 'ok', 'ok', 'error', 'timeout'] as const),
      tags: next(2) === 0 ? { team: pick(['core', 'growth']) } : {},
      usage: {
        inputTokens: input,
        outputTokens: output,
        cacheWriteTokens: 0,
        cacheWrite1hTokens: 0,
        cacheReadTokens: cacheRead,
        reasoningTokens: 0,
        audioInputTokens: 0,
        audioOutputTokens: 0,
        pages: next(3),
      },
      priced,
      canonicalModel: priced ? 'm' : null,
      unpricedReason: priced ? null : 'no price',
      priceId: priced ? 'p' : null,
      costUsd: priced ? formatUsd(inputNano + outputNano + readNano) : null,
      cost: priced
        ? {
            input: formatUsd(inputNano),
            output: formatUsd(outputNano),
            cacheWrite: '0.000000000',
            cacheRead: formatUsd(readNano),
            units: '0.000000000',
          }
        : null,
    });
  });
}

/**
 * A store for the whole suite holding {@link mixedEvents}(`count`),
 * inserted twice: the same batch again must count nothing, in any table.
 */
export async function openMixedStore(
  harness: StoreHarness,
  count: number,
): Promise<TestStore> {
  const opened = await harness.open({ scope: 'suite' });
  await opened.store.insertEvents(mixedEvents(count));
  await opened.store.insertEvents(mixedEvents(count));

  return opened;
}
