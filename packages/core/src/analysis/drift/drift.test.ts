import { describe, expect, it } from 'vitest';
import { at, type Call, recordCalls } from '../test/record.js';
import { percentile } from './percentile.js';
import { outputDriftFromStore } from './store.js';

/**
 * A drift segment of 20 calls, the first at `firstCallAt` (ms), that
 * carried no max_tokens data.
 */
function segmentOf20(
  release: string,
  prefixHash: string,
  firstCallAt: number,
  percentiles: Record<'output' | 'reasoning', { p50: number; p95: number }>,
) {
  return {
    release,
    prefixHash,
    firstCallAt: new Date(firstCallAt),
    calls: 20,
    ...percentiles,
    maxTokensHitShare: null,
  };
}

describe('percentile', () => {
  it('should take the nearest rank', () => {
    // 10 values: p50 is the 5th, p95 the 10th (ceil(9.5))
    const values = [7, 1, 9, 3, 5, 2, 8, 4, 10, 6];
    expect(percentile(values, 0.5)).toBe(5);
    expect(percentile(values, 0.95)).toBe(10);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('outputDriftFromStore', () => {
  // POST /chat, 20 calls a day. 2.3.0 on 1 Nov: output 10, 20, ... 200,
  // reasoning 50, max_tokens never hit. 2.3.1 on 2 Nov doubles answers:
  // output 20, 40, ... 400, reasoning 60, 2 of 20 calls hit max_tokens.
  // p50 = 10th of 20, p95 = 19th: 100 / 190 -> 200 / 380
  const calls: Call[] = Array.from({ length: 40 }, (_, i) => {
    const late = i >= 20;
    const rank = (i % 20) + 1;
    return {
      at: at(late ? 2 : 1, 1, rank),
      endpoint: 'POST /chat',
      release: late ? '2.3.1' : '2.3.0',
      input: 500,
      output: rank * (late ? 20 : 10),
      reasoning: late ? 60 : 50,
      maxTokensHit: late && rank > 18,
      prefixHash: 'chat-guide',
      prefixTokens: 1300,
    };
  });

  it('should report percentiles per day and per release', async () => {
    const store = await recordCalls(calls);
    const { endpoints, capped, eventsRead } = await outputDriftFromStore(store);
    const chat = endpoints[0];

    expect({ capped, eventsRead }).toEqual({ capped: false, eventsRead: 40 });
    expect(chat?.series).toEqual([
      {
        bucketStart: new Date(at(1)),
        calls: 20,
        output: { p50: 100, p95: 190 },
        reasoning: { p50: 50, p95: 50 },
        maxTokensHitShare: 0,
      },
      {
        bucketStart: new Date(at(2)),
        calls: 20,
        output: { p50: 200, p95: 380 },
        reasoning: { p50: 60, p95: 60 },
        maxTokensHitShare: 0.1,
      },
    ]);
  });

  it('should name the release each drift started with', async () => {
    const store = await recordCalls(calls);
    const { endpoints } = await outputDriftFromStore(store);
    const started = {
      release: '2.3.1',
      previousRelease: '2.3.0',
      startedAt: new Date(at(2, 1, 1)),
      prefixChanged: false,
      startedWith: 'release',
      prefixHash: 'chat-guide',
      previousPrefixHash: 'chat-guide',
    };

    // reasoning 50 -> 60 is +20%, under the 25% threshold
    expect(endpoints[0]?.drifts).toEqual([
      { measure: 'outputP50', before: 100, after: 200, ...started },
      { measure: 'outputP95', before: 190, after: 380, ...started },
      { measure: 'maxTokensHitShare', before: 0, after: 0.1, ...started },
    ]);
  });

  it('should not compare a release with too few calls', async () => {
    const store = await recordCalls(calls.slice(0, 25));
    const { endpoints } = await outputDriftFromStore(store);

    expect(endpoints[0]?.releases.map((r) => [r.release, r.calls])).toEqual([
      ['2.3.0', 20],
      ['2.3.1', 5],
    ]);
    expect(endpoints[0]?.drifts).toEqual([]);
  });

  // One release, 2.3.0, whose prompt changes at 20:00 on 1 Nov: 20 calls
  // an hour apart from 00:00 carry guide-v1 (output 10, 20, ... 200), the
  // next 20 (20:00 on 1 Nov to 15:00 on 2 Nov) guide-v2 (output 30, 60,
  // ... 600). 1 Nov has 20 of 24 calls on v1, 2 Nov 16 of 16 on v2, so the
  // cut is at the first v2 call of 1 Nov or 2 Nov: 20:00 on 1 Nov.
  // Then 2.3.1 on 3 Nov, 20 calls with guide-v3, the same output, and
  // reasoning 0 -> 100.
  const fingerprintCalls: Call[] = [
    ...Array.from({ length: 40 }, (_, i) => {
      const v2 = i >= 20;
      const rank = (i % 20) + 1;
      return {
        at: at(1, i),
        endpoint: 'POST /chat',
        input: 500,
        output: rank * (v2 ? 30 : 10),
        prefixHash: v2 ? 'guide-v2' : 'guide-v1',
      };
    }),
    ...Array.from({ length: 20 }, (_, i) => ({
      at: at(3, i),
      endpoint: 'POST /chat',
      release: '2.3.1',
      input: 500,
      output: (i + 1) * 30,
      reasoning: 100,
      prefixHash: 'guide-v3',
    })),
  ];

  it('should cut a release where its dominant fingerprint changed', async () => {
    const store = await recordCalls(fingerprintCalls);
    const { endpoints } = await outputDriftFromStore(store);

    // p50 = 10th of 20, p95 = 19th
    expect(endpoints[0]?.segments).toEqual([
      segmentOf20('2.3.0', 'guide-v1', at(1, 0), {
        output: { p50: 100, p95: 190 },
        reasoning: { p50: 0, p95: 0 },
      }),
      segmentOf20('2.3.0', 'guide-v2', at(1, 20), {
        output: { p50: 300, p95: 570 },
        reasoning: { p50: 0, p95: 0 },
      }),
      segmentOf20('2.3.1', 'guide-v3', at(3, 0), {
        output: { p50: 300, p95: 570 },
        reasoning: { p50: 100, p95: 100 },
      }),
    ]);
  });

  it('should say whether a drift started with a fingerprint or a release', async () => {
    const store = await recordCalls(fingerprintCalls);
    const { endpoints } = await outputDriftFromStore(store);
    const byPrompt = {
      release: '2.3.0',
      previousRelease: '2.3.0',
      startedAt: new Date(at(1, 20)),
      prefixChanged: true,
      startedWith: 'prefix',
      prefixHash: 'guide-v2',
      previousPrefixHash: 'guide-v1',
    };
    const byRelease = {
      release: '2.3.1',
      previousRelease: '2.3.0',
      startedAt: new Date(at(3, 0)),
      prefixChanged: true,
      startedWith: 'release',
      prefixHash: 'guide-v3',
      previousPrefixHash: 'guide-v2',
    };

    // reasoning 0 -> 100 moves by more than 25% of max(0, 1)
    expect(endpoints[0]?.drifts).toEqual([
      { measure: 'outputP50', before: 100, after: 300, ...byPrompt },
      { measure: 'outputP95', before: 190, after: 570, ...byPrompt },
      { measure: 'reasoningP50', before: 0, after: 100, ...byRelease },
      { measure: 'reasoningP95', before: 0, after: 100, ...byRelease },
    ]);
  });

  it('should not cut on a fingerprint no bucket has a majority of', async () => {
    // every call its own prefix (churn), so no day has a dominant one
    const churn = fingerprintCalls
      .slice(0, 40)
      .map((call, i) => ({ ...call, prefixHash: `p-${i}` }));
    const store = await recordCalls(churn);
    const { endpoints } = await outputDriftFromStore(store);

    expect(
      endpoints[0]?.segments.map((s) => [s.release, s.prefixHash, s.calls]),
    ).toEqual([['2.3.0', null, 40]]);
    expect(endpoints[0]?.drifts).toEqual([]);
  });

  it('should not report a drift across a short-lived fingerprint', async () => {
    // guide-v1 on 1 Nov (20 calls), guide-v2 on 2 Nov (5 calls, under
    // minCalls), guide-v1 again on 3 Nov with doubled output: the two
    // comparable segments have the same release and fingerprint
    const flip: Call[] = [
      ...fingerprintCalls.slice(0, 20),
      ...[0, 1, 2, 3, 4].map((hour) => ({
        at: at(2, hour),
        endpoint: 'POST /chat',
        prefixHash: 'guide-v2',
      })),
      ...fingerprintCalls
        .slice(0, 20)
        .map((call, i) => ({ ...call, at: at(3, i), output: (i + 1) * 20 })),
    ];
    const store = await recordCalls(flip);
    const { endpoints } = await outputDriftFromStore(store);

    expect(endpoints[0]?.segments.map((s) => [s.prefixHash, s.calls])).toEqual([
      ['guide-v1', 20],
      ['guide-v2', 5],
      ['guide-v1', 20],
    ]);
    expect(endpoints[0]?.drifts).toEqual([]);
  });
});
