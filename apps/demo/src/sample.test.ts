import { describe, expect, it } from 'vitest';
import { sampleEvent } from './sample.js';

describe('sampleEvent', () => {
  it('should price 1000 in, 2000 cache read, 500 cache write, 300 out', () => {
    // 3.00*1000 + 0.30*2000 + 3.75*500 + 15.00*300 = 9975 USD per million
    const event = sampleEvent();

    expect(event.costUsd).toBe('0.009975000');
    expect(event.cost).toEqual({
      input: '0.003000000',
      output: '0.004500000',
      cacheWrite: '0.001875000',
      cacheRead: '0.000600000',
      units: '0.000000000',
    });
  });
});
