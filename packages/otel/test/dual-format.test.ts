import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBothFormats } from '../../../tools/testing/dual-format.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('@tokenledger/otel build', () => {
  it('should expose the same exports to import and require', () => {
    const { esm, cjs } = loadBothFormats('@tokenledger/otel', packageDir);

    expect(esm).toEqual([
      'METRIC_NAMES',
      'SPAN_COST_ATTRIBUTES',
      'TokenledgerSpanProcessor',
      'cacheInclusionLookup',
      'otelCostMetrics',
      'providerFromAiSdk',
      'providerFromGenAi',
      'readSpanCall',
    ]);
    expect(cjs).toEqual(esm.filter((name) => name !== 'default'));
  });
});
