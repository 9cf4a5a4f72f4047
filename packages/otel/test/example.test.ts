import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('the README example (examples/quickstart.mjs, against dist)', () => {
  it('should record the span and print its cost and metrics', () => {
    const out = execFileSync(process.execPath, ['examples/quickstart.mjs'], {
      cwd: packageDir,
      encoding: 'utf8',
    });

    expect(out.split('\n')[0]).toBe('u_42 claims.validate 1000 0.009975000');
    expect(out).toContain("name: 'tokenledger.cost'");
    expect(out).toContain('value: 0.009975');
  });
});
