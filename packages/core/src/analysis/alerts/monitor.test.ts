import { describe, expect, it } from 'vitest';
import { at, type Call, recordCalls } from '../test/record.js';
import { createCostMonitor } from './monitor.js';

// as in detect.test.ts: one summarize call at 10:00 and 11:00 on four
// Mondays, 20 calls at 10:00 on 30 Nov; each 3,000,000 nano
const SUMMARIZE = 'POST /papers/:id/summarize';
const calls: Call[] = [2, 9, 16, 23, 30].flatMap((day) => [
  ...Array.from({ length: day === 30 ? 20 : 1 }, (_, i) => ({
    at: at(day, 10, i),
    endpoint: SUMMARIZE,
    input: 1000,
  })),
  { at: at(day, 11), endpoint: SUMMARIZE, input: 1000 },
]);

describe('createCostMonitor', () => {
  it('should report the anomaly and the budget once each, to listeners and the webhook', async () => {
    // at 11:30 the last complete hour is 10:00; spent today: 21 calls
    // x 3,000,000 = 63,000,000 nano, over the 50,000,000 budget
    const store = await recordCalls(calls);
    const sent: { type: string; data: unknown }[] = [];
    const monitor = createCostMonitor({
      store,
      budgets: [
        { endpoint: SUMMARIZE, usdPerDay: '0.05' },
        { userId: 'u_1', usdPerDay: '1' },
      ],
      anomalies: { minUsd: '0.001' },
      webhook: { send: async (payload) => Boolean(sent.push(payload)) },
      clock: () => new Date(at(30, 11, 30)),
    });
    const anomalies: string[] = [];
    const budgets: string[] = [];
    monitor.onAnomaly((a) => anomalies.push(`${a.endpoint} ${a.costUsd}`));
    monitor.onBudgetExceeded((b) =>
      budgets.push(`${b.day} ${b.spentUsd} > ${b.limitUsd}`),
    );

    await monitor.check();
    const again = await monitor.check();

    expect(anomalies).toEqual([`${SUMMARIZE} 0.060000000`]);
    expect(budgets).toEqual(['2026-11-30 0.063000000 > 0.050000000']);
    expect(again).toEqual({ anomalies: [], budgets: [] });
    expect(sent.map((p) => p.type)).toEqual(['anomaly', 'budget']);
  });

  it('should report a user over its daily budget, with the spent and the limit', async () => {
    // 30 Nov: u_heavy makes 4 calls, u_light 1, each 1,000 input tokens
    // = 3,000,000 nano; u_heavy: 12,000,000 nano = $0.012 > $0.01,
    // u_light: $0.003. u_heavy's 5 calls on 29 Nov are another day.
    const byUser: Call[] = [
      ...[1, 2, 3, 4].map((minute) => ({
        at: at(30, 9, minute),
        endpoint: SUMMARIZE,
        userId: 'u_heavy',
        input: 1000,
      })),
      ...[1, 2, 3, 4, 5].map((minute) => ({
        at: at(29, 9, minute),
        endpoint: SUMMARIZE,
        userId: 'u_heavy',
        input: 1000,
      })),
      { at: at(30, 9), endpoint: SUMMARIZE, userId: 'u_light', input: 1000 },
    ];
    const store = await recordCalls(byUser);
    const monitor = createCostMonitor({
      store,
      budgets: [
        { userId: 'u_heavy', usdPerDay: '0.01' },
        { userId: 'u_light', usdPerDay: '0.01' },
        { endpoint: SUMMARIZE, userId: 'u_heavy', usdPerDay: '0.02' },
      ],
      clock: () => new Date(at(30, 11, 30)),
    });
    const heard: unknown[] = [];
    monitor.onBudgetExceeded((b) => heard.push(b));

    const { budgets } = await monitor.check();

    const over = {
      budget: { userId: 'u_heavy', usdPerDay: '0.01' },
      day: '2026-11-30',
      spentUsd: '0.012000000',
      limitUsd: '0.010000000',
    };
    expect(budgets).toEqual([over]);
    expect(heard).toEqual([over]);
  });

  it('should forget what was reported once it cannot come back', async () => {
    // the 10:00 anomaly can be found until 12:00 (while 10:00 is the last
    // complete hour); the budget of 30 Nov until midnight
    const store = await recordCalls(calls);
    let now = at(30, 11, 30);
    const monitor = createCostMonitor({
      store,
      budgets: [{ endpoint: SUMMARIZE, usdPerDay: '0.05' }],
      anomalies: { minUsd: '0.001' },
      clock: () => new Date(now),
    });
    const counts = async () => {
      const found = await monitor.check();
      return [found.anomalies.length, found.budgets.length];
    };

    expect(await counts()).toEqual([1, 1]);
    now = at(30, 11, 59, 59);
    expect(await counts()).toEqual([0, 0]);
    // at 12:00 the anomaly's key goes, the budget's stays; a clock set
    // back to 11:30 then finds the anomaly as new, not the budget
    now = at(30, 12);
    expect(await counts()).toEqual([0, 0]);
    now = at(30, 11, 30);
    expect(await counts()).toEqual([1, 0]);
    // on 1 Dec (day 31 of November) both keys go, so both come back
    now = at(31, 0, 0, 1);
    expect(await counts()).toEqual([0, 0]);
    now = at(30, 11, 30);
    expect(await counts()).toEqual([1, 1]);
  });

  it('should keep a throwing listener away from the others', async () => {
    const store = await recordCalls(calls);
    const errors: string[] = [];
    const monitor = createCostMonitor({
      store,
      anomalies: { minUsd: '0.001' },
      onError: (e) => errors.push(e.code),
      clock: () => new Date(at(30, 11, 30)),
    });
    const seen: string[] = [];
    monitor.onAnomaly(() => {
      throw new Error('listener bug');
    });
    monitor.onAnomaly((a) => seen.push(a.endpoint));

    await monitor.check();

    expect(seen).toEqual([SUMMARIZE]);
    expect(errors).toEqual(['ALERT_FAILED']);
  });

  it('should reject a budget that is not a USD amount', () => {
    expect(() =>
      createCostMonitor({
        store: {} as never,
        budgets: [{ endpoint: SUMMARIZE, usdPerDay: '$25' }],
      }),
    ).toThrow(
      `budgets[0].usdPerDay is "$25"; write a positive USD amount as a string`,
    );
  });
});
