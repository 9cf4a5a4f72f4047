import { describe, expect, it } from 'vitest';
import { cacheInclusionLookup } from './cache-inclusion.js';

describe('cacheInclusionLookup', () => {
  it('should know the JS instrumentations read from their source', () => {
    const lookup = cacheInclusionLookup();

    expect(
      [
        '@traceloop/instrumentation-anthropic',
        '@openlit/instrumentation-anthropic',
        '@traceloop/instrumentation-openai',
        'ai',
        undefined,
      ].map(lookup),
    ).toEqual([
      'excludes-cache',
      'excludes-cache',
      'includes-cache',
      undefined,
      undefined,
    ]);
  });

  it('should let an override win over the built-in table', () => {
    const lookup = cacheInclusionLookup({
      '@traceloop/instrumentation-openai': 'excludes-cache',
    });

    expect(lookup('@traceloop/instrumentation-openai')).toBe('excludes-cache');
  });

  it('should refuse a value that is neither rule, naming both', () => {
    expect(() =>
      cacheInclusionLookup({ 'my-client': 'exclusive' as never }),
    ).toThrow(
      `cacheInclusion['my-client'] is "exclusive": use 'includes-cache' or 'excludes-cache'.`,
    );
  });
});
