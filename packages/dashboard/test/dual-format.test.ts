import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBothFormats } from '../../../tools/testing/dual-format.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('@tokenledger/dashboard build', () => {
  it('should expose the same exports to import and require', () => {
    const { esm, cjs } = loadBothFormats('@tokenledger/dashboard', packageDir);

    expect(esm).toContain('dashboard');
    expect(esm).toContain('resolvePreset');
    expect(cjs).toEqual(esm.filter((name) => name !== 'default'));
  });
});
