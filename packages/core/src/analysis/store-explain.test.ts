import { describe, expect, it } from 'vitest';
import { formatUsd } from '../money.js';
import { compareRelease, releaseWindows } from './releases.js';
import { explainFromStore } from './store-explain.js';
import { DAY_1, DAY_2 } from './test/aggregates.js';
import { at, type Call, recordCalls } from './test/record.js';

const VALIDATE = 'POST /claims/:id/validate';

/**
 * Claude Sonnet 4.5 at $3 input, $0.30 cache read, $3.75 cache write and
 * $15 output per million tokens. One validate call an hour, 5,000 prompt
 * tokens and 200 output:
 * - 2.3.0 (1 Nov): 1,000 input + 4,000 read = 3,000,000 + 1,200,000 +
 *   3,000,000 output = 7,200,000 nano a call, 172,800,000 a day;
 * - 2.4.0 (2 Nov) reorders the prompt: 1,000 input + 4,000 written =
 *   3,000,000 + 15,000,000 + 3,000,000 = 21,000,000 a call, 504,000,000
 *   a day: +331,200,000, all cache mix.
 * One chat call an hour by u_1 (500 input, 100 output = 3,000,000 nano);
 * on 2 Nov a new user u_3 makes as many: +72,000,000 a day, all volume,
 * all from a new user.
 */
function scenario(): Call[] {
  const calls: Call[] = [];
  for (let hour = 0; hour < 24; hour += 1) {
    const user = hour % 2 === 0 ? 'u_1' : 'u_2';
    calls.push(
      {
        at: at(1, hour),
        endpoint: VALIDATE,
        userId: user,
        input: 1000,
        read: 4000,
        output: 200,
      },
      {
        at: at(2, hour),
        endpoint: VALIDATE,
        userId: user,
        input: 1000,
        write: 4000,
        output: 200,
        release: '2.4.0',
      },
      { at: at(1, hour, 5), endpoint: 'POST /chat', input: 500, output: 100 },
      {
        at: at(2, hour, 5),
        endpoint: 'POST /chat',
        input: 500,
        output: 100,
        release: '2.4.0',
      },
      {
        at: at(2, hour, 6),
        endpoint: 'POST /chat',
        userId: 'u_3',
        input: 500,
        output: 100,
        release: '2.4.0',
      },
    );
  }
  return calls;
}

describe('explainFromStore', () => {
  it('should explain the day-over-day change per endpoint from the store', async () => {
    const store = await recordCalls(scenario());
    const explanation = await explainFromStore(store, {
      before: DAY_1,
      after: DAY_2,
      by: 'endpoint',
    });

    expect(explanation.totalChangeUsdPerDay).toBe('0.403200000');
    expect(
      explanation.groups.map((g) => [g.key, g.totalChangeUsdPerDay]),
    ).toEqual([
      [VALIDATE, '0.331200000'],
      ['POST /chat', '0.072000000'],
    ]);
    expect(explanation.groups[0]?.drivers[0]).toMatchObject({
      driver: 'cacheMix',
      usdPerDay: '0.331200000',
      detail: { before: 0.8, after: 0 },
    });
    expect(explanation.groups[0]?.releases).toEqual(['2.4.0']);
    expect(explanation.volumeSplit).toEqual({
      newUsersUsdPerDay: '0.072000000',
      existingUsersUsdPerDay: '0.000000000',
      newUsers: 1,
    });
    expect(explanation.unpricedCalls).toEqual({ before: 0, after: 0 });
    // overall read share on 1 Nov: 24 x 4,000 read of 24 x 5,000 + 24 x 500
    // prompt tokens = 96,000 / 132,000 = 72.7%
    expect(explanation.sentences.slice(0, 3)).toEqual([
      'Overall: +$0.4032/day. Caching +$0.3312 (cache read share 73% -> 0%), volume +$0.0720 (calls per day 48 -> 72).',
      `${VALIDATE}: +$0.3312/day. Caching +$0.3312 (cache read share 80% -> 0%). New release in this window: 2.4.0.`,
      'POST /chat: +$0.0720/day. Volume +$0.0720 (calls per day 24 -> 48). New release in this window: 2.4.0.',
    ]);
  });

  it('should report cost concentration in each window', async () => {
    // 1 Nov: u_1 12 validate (86.4M) + 24 chat (72M) = 158.4M of 244.8M;
    // 2 Nov: u_1 12 x 21M + 72M = 324M of 648M; u_3 72M
    const store = await recordCalls(scenario());
    const { concentration } = await explainFromStore(store, {
      before: DAY_1,
      after: DAY_2,
    });

    expect(concentration?.before).toMatchObject({
      users: 2,
      topOnePercentUsers: 1,
      topOnePercentShare: 0.6471,
    });
    expect(concentration?.after.topUsers).toEqual([
      { userId: 'u_1', usdPerDay: '0.324000000' },
      { userId: 'u_2', usdPerDay: '0.252000000' },
      { userId: 'u_3', usdPerDay: '0.072000000' },
    ]);
  });
});

describe('explainFromStore with many users', () => {
  // The new users' calls per group are read for the smaller side: the new
  // users (by id up to 1,000), or the returning ones, subtracted from the
  // group's calls; past 1,000 on both sides, for everyone.
  it.each([
    [3, 1200],
    [1200, 3],
    [1001, 1002],
  ])(
    'should split the volume of %i returning and %i new chat users exactly',
    async (returningCount, newCount) => {
      const chat = (day: number, userId: string, i: number): Call => ({
        at: at(day, i % 24, 30),
        endpoint: 'POST /chat',
        userId,
        input: 500,
        output: 100,
        release: '2.4.0',
      });
      const returning = Array.from({ length: returningCount }, (_, i) => [
        chat(1, `r_${i}`, i),
        chat(2, `r_${i}`, i),
      ]).flat();
      const newcomers = Array.from({ length: newCount }, (_, i) =>
        chat(2, `n_${i}`, i),
      );
      const store = await recordCalls([
        ...scenario(),
        ...returning,
        ...newcomers,
      ]);

      const explanation = await explainFromStore(store, {
        before: DAY_1,
        after: DAY_2,
        by: 'endpoint',
      });

      // a chat call: 500 input x $3 + 100 output x $15 per million tokens =
      // 3,000,000 nano-USD; new users make newCount + 24 (u_3) more a day,
      // returning users as many as the day before
      const newNano = BigInt(newCount + 24) * 3_000_000n;
      expect(explanation.volumeSplit).toEqual({
        newUsersUsdPerDay: formatUsd(newNano),
        existingUsersUsdPerDay: '0.000000000',
        newUsers: newCount + 1,
      });
      expect(explanation.concentration?.after.users).toBe(
        3 + returningCount + newCount,
      );
      expect(explanation.concentration?.after.topUsers[0]).toEqual({
        userId: 'u_1',
        usdPerDay: '0.324000000',
      });
    },
  );
});

describe('compareRelease', () => {
  it('should compare equal windows either side of the first call of the release', async () => {
    const store = await recordCalls(scenario());
    const windows = await releaseWindows(store, '2.4.0');

    expect(windows.firstCallAt.toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(windows.before).toEqual(DAY_1);
    expect(windows.after).toEqual(DAY_2);
  });

  it('should rank caching first for validate and name the release', async () => {
    const store = await recordCalls(scenario());
    const comparison = await compareRelease(store, '2.4.0');

    expect(comparison.groups[0]?.key).toBe(VALIDATE);
    expect(comparison.groups[0]?.drivers[0]?.driver).toBe('cacheMix');
    expect(comparison.sentences[0]).toMatch(
      /^After release 2\.4\.0: \+\$0\.4032\/day\. Caching/,
    );
  });

  it('should refuse a release without calls, naming where to find releases', async () => {
    const store = await recordCalls(scenario());

    await expect(compareRelease(store, '9.9.9')).rejects.toThrow(
      'Release "9.9.9" has no calls; pick one of the store\'s releases (store.facets().releases).',
    );
  });
});

describe('storeAnalysis', () => {
  it('should answer the dashboard calls from the store', async () => {
    const { storeAnalysis } = await import('./store-analysis.js');
    const analysis = storeAnalysis(await recordCalls(scenario()));

    const explanation = await analysis.explain({
      filter: {},
      before: DAY_1,
      after: DAY_2,
      by: 'endpoint',
    });
    const diagnostics = await analysis.cacheDiagnostics({
      filter: { ...DAY_2 },
    });

    expect(explanation.totalChangeUsdPerDay).toBe('0.403200000');
    // 2.4.0 validate calls write 4,000 tokens an hour apart (beyond the TTL):
    // no fingerprint recorded, so only unread writes could be told, and
    // with no prefix hash none is: the loss against the best week remains.
    // That week, 27 Oct to 3 Nov, holds both days: 0.2 input, 0.4 read,
    // 0.4 written; a 2.4.0 call at that mix: 1,000 x 3,000 + 2,000 x 300
    // + 2,000 x 3,750 + 3,000,000 output = 14,100,000 nano instead of
    // 21,000,000: 6,900,000 x 24 a day. Chat caches nothing and loses
    // nothing; it is listed all the same, last.
    expect(
      diagnostics.map((d) => [d.endpoint, d.causes.length, d.lostUsdPerDay]),
    ).toEqual([
      [VALIDATE, 0, '0.165600000'],
      ['POST /chat', 0, '0.000000000'],
    ]);
  });
});

describe('explainFromStore with several new releases', () => {
  it('should list them by the first hour they were called, then by name', async () => {
    const call = (time: number, release: string): Call => ({
      at: time,
      endpoint: 'POST /chat',
      input: 500,
      release,
    });
    const store = await recordCalls([
      call(at(1, 3), '2.3.0'),
      call(at(2, 1), '2.5.0'),
      call(at(2, 5), '2.4.9'),
      call(at(2, 5, 30), '2.4.8'),
      call(at(2, 8), '2.3.0'),
    ]);

    const explanation = await explainFromStore(store, {
      before: DAY_1,
      after: DAY_2,
      by: 'endpoint',
    });

    // 2.4.8 and 2.4.9 share the 05:00 hour: by name
    expect(explanation.groups[0]?.releases).toEqual([
      '2.5.0',
      '2.4.8',
      '2.4.9',
    ]);
  });

  it('should order releases first called on different days by day, and ties on a day by hour', async () => {
    const call = (
      time: number,
      release: string,
      endpoint = 'POST /chat',
    ): Call => ({
      at: time,
      endpoint,
      input: 500,
      release,
    });
    const store = await recordCalls([
      call(at(1, 3), '2.3.0'),
      // after window: Nov 2 13:00 to Nov 5 13:00
      call(at(4, 2), '3.0.0'),
      call(at(2, 23), '2.9.0'),
      call(at(4, 1), '3.1.0'),
      call(at(3, 14), '2.8.0'),
      call(at(4, 1, 59), '3.0.1'),
      // another group with one new release: needs no ordering at all
      call(at(3, 9), '4.0.0', 'POST /search'),
    ]);

    const explanation = await explainFromStore(store, {
      before: DAY_1,
      after: { from: new Date(at(2, 13)), to: new Date(at(5, 13)) },
      by: 'endpoint',
    });

    // Nov 2 (2.9.0), Nov 3 (2.8.0), then Nov 4: 3.1.0 and 3.0.1 at 01:00
    // (by name), 3.0.0 at 02:00
    const byKey = new Map(
      explanation.groups.map((group) => [group.key, group.releases]),
    );
    expect(byKey.get('POST /chat')).toEqual([
      '2.9.0',
      '2.8.0',
      '3.0.1',
      '3.1.0',
      '3.0.0',
    ]);
    expect(byKey.get('POST /search')).toEqual(['4.0.0']);
  });
});
