import { describe, expect, it } from 'vitest';
import { ratio } from '../rational.js';
import { at, type Call, recordCalls } from '../test/record.js';
import { robustBaseline } from './baseline.js';
import { detectAnomalies } from './detect.js';

describe('robustBaseline', () => {
  it('should ignore one past spike', () => {
    // sorted 10, 11, 12, 400: median (11 + 12) / 2 = 11.5; deviations
    // 1.5, 0.5, 0.5, 388.5 -> median (0.5 + 1.5) / 2 = 1
    expect(robustBaseline([10n, 12n, 11n, 400n])).toEqual({
      median: ratio(23, 2),
      mad: ratio(1),
    });
  });
});

describe('detectAnomalies', () => {
  // Mondays 2, 9, 16 and 23 Nov: one call at 10:00 and one at 11:00, each
  // 1,000 input tokens of Sonnet 4.5 = 3,000,000 nano. Monday 30 Nov: 20
  // calls at 10:00 (60,000,000 nano), one at 11:00
  const calls: Call[] = [2, 9, 16, 23, 30].flatMap((day) => [
    ...Array.from({ length: day === 30 ? 20 : 1 }, (_, i) => ({
      at: at(day, 10, i),
      endpoint: 'POST /papers/:id/summarize',
      input: 1000,
    })),
    { at: at(day, 11), endpoint: 'POST /papers/:id/summarize', input: 1000 },
  ]);
  const hours = {
    from: new Date(at(30, 10)),
    to: new Date(at(30, 12)),
    minUsd: '0.001',
  };

  it('should flag the hour far above the same hour of earlier weeks', async () => {
    // median 3,000,000, MAD 0: the spread floor is minUsd (1,000,000 nano),
    // score (60,000,000 - 3,000,000) / 1,000,000 = 57
    const store = await recordCalls(calls);
    const anomalies = await detectAnomalies(store, hours);

    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      endpoint: 'POST /papers/:id/summarize',
      hourStart: new Date(at(30, 10)),
      costUsd: '0.060000000',
      baselineMedianUsd: '0.003000000',
      baselineMadUsd: '0.000000000',
      score: 57,
    });
    expect(anomalies[0]?.baselineHours).toEqual(
      [23, 16, 9, 2].map((d) => new Date(at(d, 10))),
    );
  });

  it('should explain it against the baseline hours', async () => {
    // baseline: 4 calls in 4 hours = 72,000,000 nano a day; the hour: 20
    // calls = 1,440,000,000 a day: +1,368,000,000, all volume
    const store = await recordCalls(calls);
    const [anomaly] = await detectAnomalies(store, hours);

    expect(anomaly?.explanation.totalChangeUsdPerDay).toBe('1.368000000');
    expect(anomaly?.explanation.drivers[0]).toMatchObject({
      driver: 'volume',
      usdPerDay: '1.368000000',
    });
    expect(anomaly?.explanation.sentences[0]).toMatch(
      /^POST \/papers\/:id\/summarize at 2026-11-30T10:00Z against the same hour in 4 earlier weeks: \+\$1\.37\/day\. Volume/,
    );
  });

  it('should need two weeks of history before it judges an hour', async () => {
    const store = await recordCalls(
      calls.filter((c) => Number(c.at) >= at(23)),
    );

    expect(await detectAnomalies(store, hours)).toEqual([]);
  });
});
