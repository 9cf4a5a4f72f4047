import { describe, expect, it } from 'vitest';
import { byCostThenId, firstInOrder, type UserCost } from './users.js';

const descending = (a: bigint, b: bigint) => (a > b ? -1 : a < b ? 1 : 0);

describe('firstInOrder', () => {
  it('should give the first items of the order, as sort then slice does', () => {
    expect(firstInOrder([3n, 9n, 1n, 7n, 9n], 3, descending)).toEqual([
      9n,
      9n,
      7n,
    ]);
    expect(firstInOrder([3n, 9n], 5, descending)).toEqual([9n, 3n]);
    expect(firstInOrder([3n, 9n], 0, descending)).toEqual([]);
    expect(firstInOrder([], 2, descending)).toEqual([]);
  });

  it('should keep tied items in their input order, as a stable sort does', () => {
    const byTens = (a: number, b: number) =>
      Math.floor(a / 10) - Math.floor(b / 10);

    // 13, 11 and 12 tie: the first two of them in input order come first
    expect(firstInOrder([13, 31, 11, 12, 25], 2, byTens)).toEqual([13, 11]);
    expect(firstInOrder([31, 25, 13, 11, 12], 4, byTens)).toEqual([
      13, 11, 12, 25,
    ]);
  });

  it('should match a full sort on 2,000 users with many ties', () => {
    // a deterministic spread of costs with repeats, ids in no order
    const users: UserCost[] = Array.from({ length: 2000 }, (_, i) => ({
      userId: `user-${(i * 7919) % 2000}`,
      costNano: BigInt((i * 104_729) % 97),
    }));

    for (const count of [1, 10, 20, 96, 1999, 2000, 2500]) {
      expect(firstInOrder(users, count, byCostThenId)).toEqual(
        [...users].sort(byCostThenId).slice(0, count),
      );
    }
  });
});
