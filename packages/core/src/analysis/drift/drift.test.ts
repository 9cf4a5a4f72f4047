import { describe, expect, it } from 'vitest';
import { at, type Call, recordCalls } from '../test/record.js';
import { percentile } from './percentile.js';
import { outputDriftFromStore } from './store.js';

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
});
