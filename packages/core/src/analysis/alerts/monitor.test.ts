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
