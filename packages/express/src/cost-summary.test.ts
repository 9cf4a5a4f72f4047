import type { UsageEvent } from '@tokenledger/core';
import { describe, expect, it } from 'vitest';
import { type CostTarget, startCostSummary } from './cost-summary.js';

function fakeResponse(): CostTarget & { headers: Record<string, string> } {
  const headers: Record<string, string> = {};

  return {
    headers,
    headersSent: false,
    locals: {},
    setHeader(name, value) {
      headers[name] = value;
    },
  };
}

const priced = (costUsd: string) => ({ costUsd }) as UsageEvent;
const unpriced = { costUsd: null } as UsageEvent;

describe('startCostSummary', () => {
  describe('when both outputs are on', () => {
    it('should add priced calls exactly and count unpriced ones apart', () => {
      const res = fakeResponse();
      const onRecorded = startCostSummary(res, {
        header: 'X-Tokenledger-Cost',
        localsKey: 'cost',
      });

      expect(res.headers['X-Tokenledger-Cost']).toBe('0.000000000; calls=0');

      // 0.1 + 0.2 in floats is 0.30000000000000004; in nano-USD it is
      // 100000000 + 200000000 = 300000000, plus 0.000000001 = 300000001.
      onRecorded(priced('0.100000000'));
      onRecorded(priced('0.200000000'));
      onRecorded(unpriced);
      onRecorded(priced('0.000000001'));

      expect(res.headers['X-Tokenledger-Cost']).toBe(
        '0.300000001; calls=4; unpriced=1',
      );
      expect(res.locals['cost']).toEqual({
        calls: 4,
        unpricedCalls: 1,
        costUsd: '0.300000001',
      });
    });
  });

  describe('when the headers were already sent', () => {
    it('should stop touching the header but keep the locals summary', () => {
      const res = fakeResponse();
      const onRecorded = startCostSummary(res, {
        header: 'X-Cost',
        localsKey: 'cost',
      });
      onRecorded(priced('0.004185000'));

      res.headersSent = true;
      onRecorded(priced('0.000815000'));

      // The header froze at the first call; locals has 4185000 + 815000 nano.
      expect(res.headers['X-Cost']).toBe('0.004185000; calls=1');
      expect(res.locals['cost']).toMatchObject({
        calls: 2,
        costUsd: '0.005000000',
      });
    });
  });

  describe('when only the header is on', () => {
    it('should leave res.locals alone', () => {
      const res = fakeResponse();
      startCostSummary(res, { header: 'X-Cost', localsKey: undefined });

      expect(res.locals).toEqual({});
    });
  });
});
