import { describe, expect, it } from 'vitest';
import { readUsageEndpoint, UsageEndpoint } from './usage-endpoint.js';

@UsageEndpoint('claims')
class ClaimsController {
  @UsageEndpoint('claims.validate')
  validate() {}

  list() {}
}

describe('UsageEndpoint', () => {
  it('should prefer the handler name over the class name', () => {
    const proto = ClaimsController.prototype;
    expect(readUsageEndpoint(ClaimsController, proto.validate)).toBe(
      'claims.validate',
    );
    expect(readUsageEndpoint(ClaimsController, proto.list)).toBe('claims');
  });

  it('should reject an empty name with the right call shape', () => {
    expect(() => UsageEndpoint(' ')).toThrow(
      /UsageEndpoint\('claims.validate'\)/,
    );
  });
});
