import { describe, expect, it } from 'vitest';
import {
  currentUsageContext,
  setUsageContext,
  withUsageContext,
} from './context.js';

describe('usage context', () => {
  it('should be undefined outside a scope', () => {
    expect(currentUsageContext()).toBeUndefined();
  });

  it('should follow awaits and timers, and resolve getters late', async () => {
    let route = 'POST (unmatched)';
    const seen = await withUsageContext(
      { userId: 'u1', endpoint: () => route },
      async () => {
        route = 'POST /claims/:id/validate';
        await new Promise((resolve) => setTimeout(resolve, 1));
        return currentUsageContext();
      },
    );

    expect(seen).toEqual({
      userId: 'u1',
      endpoint: 'POST /claims/:id/validate',
      release: undefined,
      tags: {},
      onRecorded: undefined,
    });
  });

  it('should let a nested scope inherit and merge tags', () => {
    withUsageContext({ userId: 'u1', tags: { team: 'a' } }, () => {
      withUsageContext({ endpoint: 'search', tags: { tier: 'pro' } }, () => {
        expect(currentUsageContext()).toEqual({
          userId: 'u1',
          endpoint: 'search',
          release: undefined,
          tags: { team: 'a', tier: 'pro' },
          onRecorded: undefined,
        });
      });
    });
  });

  it('should set the user after the scope opened', () => {
    withUsageContext({ endpoint: 'chat' }, () => {
      setUsageContext({ userId: 'late-user' });
      expect(currentUsageContext()?.userId).toBe('late-user');
    });
  });

  it('should say which middleware is missing outside a scope', () => {
    expect(() => setUsageContext({ userId: 'x' })).toThrow(
      /outside a usage scope\. Register the tokenledger middleware/,
    );
  });
});
