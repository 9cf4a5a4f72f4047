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
    // median 3,000,000, MAD 0: the spread is the largest floor, one call's
    // average cost before the hours checked (3,000,000 nano, over minUsd's
    // 1,000,000), score (60,000,000 - 3,000,000) / 3,000,000 = 19
    const store = await recordCalls(calls);
    const anomalies = await detectAnomalies(store, hours);

    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      endpoint: 'POST /papers/:id/summarize',
      hourStart: new Date(at(30, 10)),
      costUsd: '0.060000000',
      baselineMedianUsd: '0.003000000',
      baselineMadUsd: '0.000000000',
      score: 19,
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

  it('should judge the hour against earlier days while the weeks are too few', async () => {
    // from Monday 23 Nov only one earlier week; the days 29 back to 23 at
    // 10:00 hold 0, 0, 0, 0, 0, 0 and 3,000,000: median 0, MAD 0, spread one
    // call (3,000,000), score 60,000,000 / 3,000,000 = 20. 11:00: 3,000,000
    // / 3,000,000 = 1, below 5
    const store = await recordCalls(
      calls.filter((c) => Number(c.at) >= at(23)),
    );
    const anomalies = await detectAnomalies(store, hours);

    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      hourStart: new Date(at(30, 10)),
      costUsd: '0.060000000',
      baselineMedianUsd: '0.000000000',
      baselinePeriod: 'day',
      score: 20,
    });
    expect(anomalies[0]?.baselineHours).toEqual(
      [29, 28, 27, 26, 25, 24, 23].map((d) => new Date(at(d, 10))),
    );
    expect(anomalies[0]?.explanation.sentences[0]).toMatch(
      /^POST \/papers\/:id\/summarize at 2026-11-30T10:00Z against the same hour on 7 earlier days: /,
    );
  });

  it('should want about five calls over the usual on a quiet endpoint', async () => {
    // one call a day at 09:00 from 23 to 29 Nov (3,000,000 nano each), then
    // at 10:00 on the 30th n calls against a 10:00 baseline of 0: spread
    // one call, score n
    const quiet = (extra: number) =>
      recordCalls([
        ...[23, 24, 25, 26, 27, 28, 29].map((day) => ({
          at: at(day, 9),
          endpoint: 'POST /ocr',
          input: 1000,
        })),
        ...Array.from({ length: extra }, (_, i) => ({
          at: at(30, 10, i),
          endpoint: 'POST /ocr',
          input: 1000,
        })),
      ]);

    expect(await detectAnomalies(await quiet(4), hours)).toEqual([]);
    expect(await detectAnomalies(await quiet(6), hours)).toMatchObject([
      { endpoint: 'POST /ocr', costUsd: '0.018000000', score: 6 },
    ]);
  });

  it('should keep to the weeks once two of them have data', async () => {
    const store = await recordCalls(calls);
    const [anomaly] = await detectAnomalies(store, hours);

    expect(anomaly?.baselinePeriod).toBe('week');
  });

  it('should need three earlier days of history before it judges an hour', async () => {
    // Sunday 29 Nov is the only earlier day with data
    const store = await recordCalls([
      { at: at(29, 10), endpoint: 'POST /papers/:id/summarize', input: 1000 },
      ...calls.filter((c) => Number(c.at) >= at(30)),
    ]);

    expect(await detectAnomalies(store, hours)).toEqual([]);
  });

  it('should wait for the weeks when baselineDays is 0', async () => {
    const store = await recordCalls(
      calls.filter((c) => Number(c.at) >= at(23)),
    );

    expect(await detectAnomalies(store, { ...hours, baselineDays: 0 })).toEqual(
      [],
    );
  });
});
