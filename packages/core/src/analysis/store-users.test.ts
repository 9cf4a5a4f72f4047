import { describe, expect, it } from 'vitest';
import { parseUsd } from '../money.js';
import type { AggregateQuery, UsageFilter, UsageStore } from '../store.js';
import { explainFromStore } from './store-explain.js';
import { readWindowUsers } from './store-users.js';
import { DAY_2 } from './test/aggregates.js';
import { at, type Call, recordCalls } from './test/record.js';

/** 1 Nov 00:00 to 2 Nov 12:00: one whole day, then half of a cut one. */
const CUT = { from: new Date(at(1)), to: new Date(at(2, 12)) };

/** A chat call of `input` tokens at $3 a million: 3,000 nano a token. */
const chat = (userId: string, time: number, input: number): Call => ({
  at: time,
  endpoint: 'POST /chat',
  userId,
  input,
});

/**
 * u01..u12 each make one call on 1 Nov of i x 1,000 tokens: i x 3,000,000
 * nano. On 2 Nov, the cut day:
 * - u01 +100 tokens at 07:00 (in the window): 3,300,000, yet its bound,
 *   3,300,000, stays under the tenth lower bound (u03, 9,000,000): not read;
 * - u02 +30,000 at 18:00 (after the window): bound 96,000,000, read, 0 in
 *   the window: 6,000,000;
 * - u04 +20,000 at 06:00: 12,000,000 + 60,000,000 = 72,000,000, the top;
 * - u12 +1,000 at 11:00: 36,000,000 + 3,000,000 = 39,000,000;
 * - n1, seen on 2 Nov only, at 09:00 (1,000 tokens): in the window;
 * - n2, on 2 Nov only, at 20:00: not in the window.
 */
function cutDayCalls(): Call[] {
  const firstDay = Array.from({ length: 12 }, (_, i) =>
    chat(`u${String(i + 1).padStart(2, '0')}`, at(1, i), (i + 1) * 1000),
  );

  return [
    ...firstDay,
    chat('u01', at(2, 7), 100),
    chat('u02', at(2, 18), 30_000),
    chat('u04', at(2, 6), 20_000),
    chat('u12', at(2, 11), 1000),
    chat('n1', at(2, 9), 1000),
    chat('n2', at(2, 20), 1000),
  ];
}

/** The store, recording the user ids of every query filtered by user. */
function spied(store: UsageStore): { store: UsageStore; byId: string[][] } {
  const byId: string[][] = [];
  const query = (request: AggregateQuery) => {
    const ids = request.filter?.userId;
    if (ids !== undefined) byId.push([...[ids].flat()].sort());

    return store.query(request);
  };

  return { store: { ...store, query } as UsageStore, byId };
}

describe('readWindowUsers', () => {
  it('should read exactly only the users a cut day leaves in doubt', async () => {
    const { store, byId } = spied(await recordCalls(cutDayCalls()));

    const users = await readWindowUsers(store, { priced: true }, CUT);

    expect([...users.ids].sort()).toEqual([
      'n1',
      'u01',
      'u02',
      'u03',
      'u04',
      'u05',
      'u06',
      'u07',
      'u08',
      'u09',
      'u10',
      'u11',
      'u12',
    ]);
    expect(byId).toEqual([['n1', 'n2', 'u02', 'u04', 'u12']]);
    expect(users.top.map((u) => [u.userId, u.costNano / 1_000_000n])).toEqual([
      ['u04', 72n],
      ['u12', 39n],
      ['u11', 33n],
      ['u10', 30n],
      ['u09', 27n],
      ['u08', 24n],
      ['u07', 21n],
      ['u06', 18n],
      ['u05', 15n],
      ['u03', 9n],
    ]);
  });

  it("should read users through the store's userCosts where it has one", async () => {
    const memory = await recordCalls(cutDayCalls());
    const asked: string[] = [];
    // userCosts from query, in reverse order: the analysis must not rely on it
    const userCosts = async ({ filter }: { filter?: UsageFilter }) => {
      const ids = filter?.userId;
      asked.push(JSON.stringify(ids ? [ids].flat().sort() : null));
      const rows = await memory.query({
        filter: filter ?? {},
        groupBy: ['user'],
      });

      return rows.reverse().map((row) => ({
        userId: row.user ?? '',
        calls: row.calls,
        costNano: parseUsd(row.costUsd),
      }));
    };
    const query = (request: AggregateQuery) => {
      throw new Error(`query was asked ${JSON.stringify(request)}`);
    };
    const store = { query, userCosts, events: memory.events.bind(memory) };

    const users = await readWindowUsers(store, { priced: true }, CUT);

    // whole days, the cut day, then the doubtful users' part of it
    expect(asked).toEqual(['null', 'null', '["n1","n2","u02","u04","u12"]']);
    expect(users.ids.size).toBe(13);
    expect(users.top.slice(0, 3).map((u) => [u.userId, u.costNano])).toEqual([
      ['u04', 72_000_000n],
      ['u12', 39_000_000n],
      ['u11', 33_000_000n],
    ]);
  });

  it('should read a last day with nothing stored after it with the whole days', async () => {
    const store = await recordCalls(cutDayCalls());
    const asked: AggregateQuery[] = [];
    const reader = {
      query: (request: AggregateQuery) => {
        asked.push(request);
        return store.query(request);
      },
      events: store.events.bind(store),
    };

    // the last call is n2's at 2 Nov 20:00: nothing from 21:00 on
    const users = await readWindowUsers(
      reader,
      { priced: true },
      { from: new Date(at(1)), to: new Date(at(2, 21)) },
    );

    // one read, the window itself: no bound, no user read by id
    expect(asked.map((q) => [q.filter?.from, q.filter?.to])).toEqual([
      [new Date(at(1)), new Date(at(2, 21))],
    ]);
    expect(users.ids.size).toBe(14);
    // u02: 6,000,000 + 30,000 x 3,000 = 96,000,000; u04 72,000,000
    expect(users.top.slice(0, 3).map((u) => [u.userId, u.costNano])).toEqual([
      ['u02', 96_000_000n],
      ['u04', 72_000_000n],
      ['u12', 39_000_000n],
    ]);
  });

  it('should read the rest of a cut day instead when it is shorter', async () => {
    const { store, byId } = spied(await recordCalls(cutDayCalls()));

    // to 2 Nov 20:00: the doubtful users' calls from 20:00 on are read, and
    // taken off their day. n2 called at 20:00 sharp: outside. u02's call at
    // 18:00 is in: 6,000,000 + 90,000,000
    const users = await readWindowUsers(
      store,
      { priced: true },
      {
        from: new Date(at(1)),
        to: new Date(at(2, 20)),
      },
    );

    expect(byId).toEqual([['n1', 'n2', 'u02', 'u04', 'u12']]);
    expect(users.ids.size).toBe(13);
    expect(users.ids.has('n2')).toBe(false);
    expect(
      users.top.slice(0, 4).map((u) => [u.userId, u.costNano / 1_000_000n]),
    ).toEqual([
      ['u02', 96n],
      ['u04', 72n],
      ['u12', 39n],
      ['u11', 33n],
    ]);
    expect(users.top.map((u) => u.userId)).not.toContain('u03');
  });

  it('should read everyone within the window when the cut days leave too many in doubt', async () => {
    // half a day, no whole one: all 1,001 users of 2 Nov are in doubt
    const calls = Array.from({ length: 1001 }, (_, i) =>
      chat(`x${String(i).padStart(4, '0')}`, at(2, i % 12), 1000),
    );
    const { store, byId } = spied(
      await recordCalls([...calls, chat('late', at(2, 18), 9000)]),
    );

    const users = await readWindowUsers(
      store,
      { priced: true },
      {
        from: new Date(at(2)),
        to: new Date(at(2, 12)),
      },
    );

    expect(byId).toEqual([]);
    expect(users.ids.size).toBe(1001);
    expect(users.ids.has('late')).toBe(false);
    // eleven: the top 1% of 1,001 users; all cost 3,000,000, ties by id
    expect(users.top.map((u) => u.userId)).toEqual(
      Array.from({ length: 11 }, (_, i) => `x${String(i).padStart(4, '0')}`),
    );
  });

  it('should read whole days per user as they are', async () => {
    const { store, byId } = spied(await recordCalls(cutDayCalls()));

    const users = await readWindowUsers(store, { priced: true }, DAY_2);

    // 2 Nov: u01 300,000, u02 90M, u04 60M, u12 3M, n1 3M, n2 3M
    expect(byId).toEqual([]);
    expect(users.top.map((u) => [u.userId, u.costNano])).toEqual([
      ['u02', 90_000_000n],
      ['u04', 60_000_000n],
      ['n1', 3_000_000n],
      ['n2', 3_000_000n],
      ['u12', 3_000_000n],
      ['u01', 300_000n],
    ]);
  });
});

describe('explainFromStore with a cut before window', () => {
  it('should report the concentration of the cut window exactly', async () => {
    const store = await recordCalls(cutDayCalls());

    const { concentration, volumeSplit } = await explainFromStore(store, {
      before: CUT,
      after: { from: new Date(at(2, 12)), to: new Date(at(4)) },
      by: 'endpoint',
    });

    // total 1 Nov 78 x 3,000,000 = 234,000,000 + 300,000 (u01) +
    // 60,000,000 (u04) + 3,000,000 (u12) + 3,000,000 (n1) = 300,300,000
    // over 1.5 days; the top 1% is u04: 72 / 300.3 = 0.23976; the top ten
    // 288 / 300.3 = 0.95904
    expect(concentration?.before).toMatchObject({
      users: 13,
      topOnePercentUsers: 1,
      topOnePercentShare: 0.2398,
      topTenShare: 0.959,
    });
    expect(concentration?.before.topUsers.slice(0, 2)).toEqual([
      { userId: 'u04', usdPerDay: '0.048000000' },
      { userId: 'u12', usdPerDay: '0.026000000' },
    ]);
    // after 2 Nov 12:00: u02 and n2, both seen before? u02 yes, n2 no
    expect(volumeSplit?.newUsers).toBe(1);
    expect(concentration?.after).toMatchObject({
      users: 2,
      topUsers: [
        { userId: 'u02', usdPerDay: '0.060000000' },
        { userId: 'n2', usdPerDay: '0.002000000' },
      ],
    });
  });
});

describe('explainFromStore with adjacent cut windows', () => {
  it('should read the day both windows cut once', async () => {
    const store = await recordCalls(cutDayCalls());
    const asked: string[] = [];
    const counting = {
      query: (request: AggregateQuery) => {
        asked.push(JSON.stringify(request));
        return store.query(request);
      },
    } as UsageStore;

    await explainFromStore(counting, {
      before: { from: new Date(at(1, 12)), to: new Date(at(2, 12)) },
      after: { from: new Date(at(2, 12)), to: new Date(at(3, 12)) },
      by: 'endpoint',
    });

    // each window bounds its users with the whole of 2 Nov: one read
    const wholeSecond = asked.filter(
      (request) =>
        request.includes('"from":"2026-11-02T00:00:00.000Z"') &&
        request.includes('"to":"2026-11-03T00:00:00.000Z"'),
    );
    expect(wholeSecond).toHaveLength(1);
    expect(new Set(asked).size).toBe(asked.length);
  });
});

describe('explainFromStore by user with many users', () => {
  it('should keep the 100 costliest users and sum the others into one group', async () => {
    // u001..u105: i x 100 tokens on 1 Nov, twice as many on 2 Nov, at
    // 3,000 nano a token: the five cheapest, u001..u005, are folded
    const users = Array.from({ length: 105 }, (_, i) => i + 1);
    const id = (i: number) => `u${String(i).padStart(3, '0')}`;
    const store = await recordCalls(
      users.flatMap((i) => [
        chat(id(i), at(1, 10), i * 100),
        chat(id(i), at(2, 10), i * 200),
      ]),
    );

    const explanation = await explainFromStore(store, {
      before: { from: new Date(at(1)), to: new Date(at(2)) },
      after: { from: new Date(at(2)), to: new Date(at(3)) },
      by: 'user',
    });

    expect(explanation.groups).toHaveLength(101);
    const others = explanation.groups.find((g) => g.key === '5 other users');
    // (1 + 2 + 3 + 4 + 5) x 100 x 3,000 = 4,500,000 nano a day, then twice
    expect(others).toMatchObject({
      beforeUsdPerDay: '0.004500000',
      afterUsdPerDay: '0.009000000',
      totalChangeUsdPerDay: '0.004500000',
    });
    expect(explanation.groups.some((g) => g.key === id(5))).toBe(false);
    expect(explanation.groups.some((g) => g.key === id(6))).toBe(true);
    // all 105: 5,565 x 100 x 3,000 = 1.6695 USD a day before, twice after
    expect(explanation.beforeUsdPerDay).toBe('1.669500000');
    expect(explanation.afterUsdPerDay).toBe('3.339000000');
  });
});
