import { describe, expect, it } from 'vitest';
import { shareBudget } from './calls.js';

describe('shareBudget', () => {
  it('should give what a small endpoint does not need to the others', () => {
    // a needs 10 of its 103; b and c split the 300 left
    const shares = shareBudget(
      new Map([
        ['c', 900],
        ['a', 10],
        ['b', 500],
      ]),
      310,
    );

    expect(Object.fromEntries(shares)).toEqual({ a: 10, b: 150, c: 150 });
  });

  it('should read every call when the budget covers them', () => {
    const shares = shareBudget(
      new Map([
        ['a', 3],
        ['b', 4],
      ]),
      100,
    );

    expect(Object.fromEntries(shares)).toEqual({ a: 3, b: 4 });
  });

  it('should give every endpoint at least one call', () => {
    const shares = shareBudget(
      new Map([
        ['a', 10],
        ['b', 20],
        ['c', 30],
      ]),
      2,
    );

    expect(Object.fromEntries(shares)).toEqual({ a: 1, b: 1, c: 1 });
  });
});
