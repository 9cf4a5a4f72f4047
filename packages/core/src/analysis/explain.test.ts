import { describe, expect, it } from 'vitest';
import { explainChange } from './explain.js';
import {
  aggregate,
  CHEAP,
  type Counts,
  DAY_1,
  DAY_2,
} from './test/aggregates.js';
import type { ExplainOptions, Explanation } from './types.js';

const windows = { before: DAY_1, after: DAY_2 };

function byDriver(drivers: Explanation['drivers']): Record<string, string> {
  return Object.fromEntries(drivers.map((d) => [d.driver, d.usdPerDay]));
}

/** One user's calls to group `key` in a window, for `ExplainOptions.users`. */
function userRow(key: string, userId: string, calls: number, costUsd: string) {
  return { key, userId, calls, costUsd };
}

/**
 * Users coming and going under group `key`, 3,000,000 nano a call: 1 Nov
 * u_a 10 calls, u_b 10; 2 Nov u_a 10, u_c (new) 30, u_b gone.
 */
function turnover(key: string): NonNullable<ExplainOptions['users']> {
  return {
    before: [userRow(key, 'u_a', 10, '0.03'), userRow(key, 'u_b', 10, '0.03')],
    after: [userRow(key, 'u_a', 10, '0.03'), userRow(key, 'u_c', 30, '0.09')],
  };
}

/**
 * Explains group `validate` going from `before` to `after`, with `users`
 * as the two windows' per-user rows.
 */
function explainValidate(
  before: Counts,
  after: Counts,
  users: NonNullable<ExplainOptions['users']>,
): Explanation {
  return explainChange(
    [aggregate('validate', before)],
    [aggregate('validate', after)],
    { ...windows, users },
  );
}

describe('explainChange', () => {
  describe('when only the volume doubled', () => {
    // before: 100 calls x (1,000 input + 200 output) at $3/$15 per M:
    // 100,000 x 3,000 nano + 20,000 x 15,000 nano = $0.3 + $0.3 = $0.6/day;
    // after: 200 calls of the same shape, $1.2/day: +$0.6, all volume
    const explanation = explainChange(
      [aggregate('validate', { calls: 100, input: 100_000, output: 20_000 })],
      [aggregate('validate', { calls: 200, input: 200_000, output: 40_000 })],
      windows,
    );

    it('should put the whole change on volume', () => {
      expect(explanation.totalChangeUsdPerDay).toBe('0.600000000');
      expect(byDriver(explanation.drivers)).toEqual({
        volume: '0.600000000',
        promptSize: '0.000000000',
        cacheMix: '0.000000000',
        outputSize: '0.000000000',
        unitSize: '0.000000000',
        price: '0.000000000',
      });
      expect(explanation.drivers[0]?.driver).toBe('volume');
    });

    it('should report the calls per day behind it', () => {
      expect(explanation.drivers[0]?.detail).toEqual({
        measure: 'callsPerDay',
        before: 100,
        after: 200,
      });
    });
  });

  describe('when only the cache read share collapsed', () => {
    // 100 calls of 1,000 prompt tokens and 100 output tokens;
    // before 80% read: 20,000 x 3,000 + 80,000 x 300 + 10,000 x 15,000
    //   = 60,000,000 + 24,000,000 + 150,000,000 = 234,000,000 nano;
    // after 20% read: 80,000 x 3,000 + 20,000 x 300 + 150,000,000
    //   = 240,000,000 + 6,000,000 + 150,000,000 = 396,000,000 nano
    const explanation = explainChange(
      [
        aggregate('validate', {
          calls: 100,
          input: 20_000,
          read: 80_000,
          output: 10_000,
        }),
      ],
      [
        aggregate('validate', {
          calls: 100,
          input: 80_000,
          read: 20_000,
          output: 10_000,
        }),
      ],
      { ...windows, by: 'endpoint' },
    );

    it('should put the whole change on the cache mix', () => {
      expect(explanation.totalChangeUsdPerDay).toBe('0.162000000');
      expect(byDriver(explanation.drivers)).toMatchObject({
        cacheMix: '0.162000000',
        volume: '0.000000000',
        promptSize: '0.000000000',
        outputSize: '0.000000000',
        unitSize: '0.000000000',
        price: '0.000000000',
      });
    });

    it('should say so in a sentence with the read share before and after', () => {
      expect(explanation.sentences).toEqual([
        'Overall: +$0.1620/day. Caching +$0.1620 (cache read share 80% -> 20%).',
        'validate: +$0.1620/day. Caching +$0.1620 (cache read share 80% -> 20%).',
      ]);
    });
  });

  describe('when a group changed by less than $0.00005 a day', () => {
    // search: 10 more input tokens at 3,000 nano = +30,000 nano a day, which
    // would print as "+$0.0000/day"; validate: 10,000 more = +30,000,000
    const explanation = explainChange(
      [
        aggregate('validate', { calls: 100, input: 80_000 }),
        aggregate('search', { calls: 1, input: 10 }),
      ],
      [
        aggregate('validate', { calls: 100, input: 90_000 }),
        aggregate('search', { calls: 1, input: 20 }),
      ],
      { ...windows, by: 'endpoint' },
    );

    it('should keep the group in the figures but give it no sentence', () => {
      expect(
        explanation.groups.find((group) => group.key === 'search')
          ?.totalChangeUsdPerDay,
      ).toBe('0.000030000');
      expect(explanation.sentences.map((s) => s.split(':')[0])).toEqual([
        'Overall',
        'validate',
      ]);
    });
  });

  describe('when writes moved from the 5-minute to the 1-hour TTL', () => {
    // 100 calls writing 1,000 tokens: 5-minute at 3,750 nano = 375,000,000;
    // 1-hour at 6,000 nano = 600,000,000. Weighted 1.6 to one, a 1-hour
    // write unit costs 600,000,000 / 160,000 = 3,750: the price is the same,
    // so the +225,000,000 is all cache mix
    const explanation = explainChange(
      [aggregate('validate', { calls: 100, write: 100_000 })],
      [aggregate('validate', { calls: 100, write1h: 100_000 })],
      windows,
    );

    it('should count it as cache mix, not price', () => {
      expect(byDriver(explanation.drivers)).toMatchObject({
        cacheMix: '0.225000000',
        price: '0.000000000',
      });
    });
  });

  describe('when only the output per call grew', () => {
    // output 200 -> 400 tokens per call: 20,000 -> 40,000 x 15,000 nano,
    // $0.3 -> $0.6 a day; the prompt stays $0.3
    const explanation = explainChange(
      [aggregate('chat', { calls: 100, input: 100_000, output: 20_000 })],
      [aggregate('chat', { calls: 100, input: 100_000, output: 40_000 })],
      windows,
    );

    it('should put the whole change on output size', () => {
      expect(byDriver(explanation.drivers)).toMatchObject({
        outputSize: '0.300000000',
        volume: '0.000000000',
        price: '0.000000000',
      });
      expect(explanation.totalChangeUsdPerDay).toBe('0.300000000');
    });
  });

  describe('when the model was swapped at the same token counts', () => {
    // $3/$15 -> $1/$5 per M: 100,000 x 3,000 + 20,000 x 15,000 = $0.6
    // becomes 100,000 x 1,000 + 20,000 x 5,000 = $0.2: -$0.4, all price
    const explanation = explainChange(
      [aggregate('search', { calls: 100, input: 100_000, output: 20_000 })],
      [
        aggregate(
          'search',
          { calls: 100, input: 100_000, output: 20_000 },
          CHEAP,
        ),
      ],
      windows,
    );

    it('should put the whole change on price', () => {
      expect(explanation.totalChangeUsdPerDay).toBe('-0.400000000');
      expect(explanation.drivers[0]).toMatchObject({
        driver: 'price',
        usdPerDay: '-0.400000000',
        detail: { measure: 'usdPerMillionPromptTokens', before: 3, after: 1 },
      });
      expect(explanation.drivers.slice(1).map((d) => d.usdPerDay)).toEqual(
        Array(5).fill('0.000000000'),
      );
    });
  });

  describe('when volume and output per call both doubled', () => {
    // f(V, O) = V x (1,000 x 3,000 + O x 15,000) nano a day, V 100 -> 200,
    // O 200 -> 400: f(b,b) = 600M, f(a,b) = 1,200M, f(b,a) = 900M,
    // f(a,a) = 1,800M. Shapley: volume = (600M + 900M) / 2 = 750M,
    // output = (300M + 600M) / 2 = 450M; together the change of 1,200M
    const explanation = explainChange(
      [aggregate('chat', { calls: 100, input: 100_000, output: 20_000 })],
      [aggregate('chat', { calls: 200, input: 200_000, output: 80_000 })],
      windows,
    );

    it('should split the change between the two drivers, summing exactly', () => {
      expect(explanation.totalChangeUsdPerDay).toBe('1.200000000');
      expect(explanation.drivers.slice(0, 2)).toMatchObject([
        { driver: 'volume', usdPerDay: '0.750000000' },
        { driver: 'outputSize', usdPerDay: '0.450000000' },
      ]);
      expect(explanation.sentences[0]).toBe(
        'Overall: +$1.20/day. Volume +$0.7500 (calls per day 100 -> 200), output size +$0.4500 (output tokens per call 200 -> 400).',
      );
    });
  });

  describe('when the pages per call of an OCR model fell', () => {
    // mistral-ocr-latest, $0.004 = 4,000,000 nano a page, no tokens;
    // before 10 calls of 20 pages: 200 x 4,000,000 = 800,000,000 nano a day;
    // after 10 calls of 15 pages: 150 x 4,000,000 = 600,000,000: the price
    // did not move, the calls got smaller
    const explanation = explainChange(
      [
        aggregate('mistral-ocr-latest', {
          calls: 10,
          pages: 200,
          unitsNano: 800_000_000n,
        }),
      ],
      [
        aggregate('mistral-ocr-latest', {
          calls: 10,
          pages: 150,
          unitsNano: 600_000_000n,
        }),
      ],
      { ...windows, by: 'model' },
    );

    it('should put the whole change on pages per call, none on price', () => {
      expect(explanation.totalChangeUsdPerDay).toBe('-0.200000000');
      expect(byDriver(explanation.drivers)).toEqual({
        volume: '0.000000000',
        promptSize: '0.000000000',
        cacheMix: '0.000000000',
        outputSize: '0.000000000',
        unitSize: '-0.200000000',
        price: '0.000000000',
      });
      expect(explanation.drivers[0]).toEqual({
        driver: 'unitSize',
        usdPerDay: '-0.200000000',
        detail: { measure: 'pagesPerCall', before: 20, after: 15 },
      });
    });

    it('should say so with the pages per call before and after', () => {
      expect(explanation.sentences).toEqual([
        'Overall: -$0.2000/day. Pages per call -$0.2000 (pages per call 20 -> 15).',
        'mistral-ocr-latest: -$0.2000/day. Pages per call -$0.2000 (pages per call 20 -> 15).',
      ]);
    });
  });

  describe('when the price per page rose at the same pages per call', () => {
    // 10 calls of 20 pages; $0.004 -> $0.005 a page:
    // 200 x 4,000,000 = 800,000,000 -> 200 x 5,000,000 = 1,000,000,000
    const explanation = explainChange(
      [
        aggregate('mistral-ocr-latest', {
          calls: 10,
          pages: 200,
          unitsNano: 800_000_000n,
        }),
      ],
      [
        aggregate('mistral-ocr-latest', {
          calls: 10,
          pages: 200,
          unitsNano: 1_000_000_000n,
        }),
      ],
      { ...windows, by: 'model' },
    );

    it('should put the whole change on price', () => {
      expect(explanation.totalChangeUsdPerDay).toBe('0.200000000');
      expect(byDriver(explanation.drivers)).toEqual({
        volume: '0.000000000',
        promptSize: '0.000000000',
        cacheMix: '0.000000000',
        outputSize: '0.000000000',
        unitSize: '0.000000000',
        price: '0.200000000',
      });
      expect(explanation.sentences[1]).toBe(
        'mistral-ocr-latest: +$0.2000/day. Price and model mix +$0.2000.',
      );
    });
  });

  describe('when a group of tokens and pages changed volume, pages and page price', () => {
    // POST /documents: each call 1,000 input tokens at 3,000 nano
    // (3,000,000) and N pages at p nano; cost/day g = V x (3M + N x p).
    // V 10 -> 20, N 20 -> 15, p 4M -> 5M; g in millions of nano:
    //   V=10: (N20,p4) 830, (N15,p4) 630, (N20,p5) 1,030, (N15,p5) 780;
    //   V=20: twice those. Total 1,560 - 830 = 730.
    // Shapley weights of 3 players: 1/3 alone, 1/6 with one, 1/3 with both:
    //   volume   = (2x830 + 630 + 1,030 + 2x780) / 6       = 4,880 / 6
    //   unitSize = (2x(-200) + (-400) + (-250) + 2x(-500)) / 6 = -2,050 / 6
    //   price    = (2x200 + 400 + 150 + 2x300) / 6          = 1,550 / 6
    // = 813,333,333.3, -341,666,666.7, 258,333,333.3 nano: each rounds down
    // by a third, and the nano short goes to the first, volume
    const explanation = explainChange(
      [
        aggregate('POST /documents', {
          calls: 10,
          input: 10_000,
          pages: 200,
          unitsNano: 800_000_000n,
        }),
      ],
      [
        aggregate('POST /documents', {
          calls: 20,
          input: 20_000,
          pages: 300,
          unitsNano: 1_500_000_000n,
        }),
      ],
      windows,
    );

    it('should split it among volume, pages per call and price, summing exactly', () => {
      expect(explanation.beforeUsdPerDay).toBe('0.830000000');
      expect(explanation.afterUsdPerDay).toBe('1.560000000');
      expect(explanation.totalChangeUsdPerDay).toBe('0.730000000');
      expect(byDriver(explanation.drivers)).toEqual({
        volume: '0.813333334',
        promptSize: '0.000000000',
        cacheMix: '0.000000000',
        outputSize: '0.000000000',
        unitSize: '-0.341666667',
        price: '0.258333333',
      });
      expect(byDriver(explanation.groups[0]?.drivers ?? [])).toEqual(
        byDriver(explanation.drivers),
      );
    });
  });

  describe('the worked example of docs/analysis.md', () => {
    // a week each; 100 -> 150 calls a day; 5,000 prompt tokens and 200
    // output a call; the cache read share falls from 80% to 0%, the
    // prefix now written: 7,200,000 -> 21,000,000 nano a call.
    // f(b,b) = 720M, f(V,b) = 1,080M, f(b,mix) = 2,100M, f(a,a) = 3,150M
    // volume = (360M + 1,050M) / 2 = 705M; cache = (1,380M + 2,070M) / 2
    const week1 = {
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-08T00:00:00Z'),
    };
    const week2 = { from: week1.to, to: new Date('2026-11-15T00:00:00Z') };
    const explanation = explainChange(
      [
        aggregate('POST /claims/:id/validate', {
          calls: 700,
          input: 700_000,
          read: 2_800_000,
          output: 140_000,
        }),
      ],
      [
        aggregate('POST /claims/:id/validate', {
          calls: 1050,
          input: 1_050_000,
          write: 4_200_000,
          output: 210_000,
        }),
      ],
      { before: week1, after: week2, by: 'endpoint' },
    );

    // sentences round half to even to the cent: $1.725 -> $1.72
    it('should give the numbers of the page', () => {
      expect(explanation.totalChangeUsdPerDay).toBe('2.430000000');
      expect(byDriver(explanation.drivers)).toEqual({
        cacheMix: '1.725000000',
        volume: '0.705000000',
        promptSize: '0.000000000',
        outputSize: '0.000000000',
        unitSize: '0.000000000',
        price: '0.000000000',
      });
      expect(explanation.sentences[1]).toBe(
        'POST /claims/:id/validate: +$2.43/day. Caching +$1.72 (cache read share 80% -> 0%), volume +$0.7050 (calls per day 100 -> 150).',
      );
    });
  });

  describe('when a group only exists in one window', () => {
    // a new endpoint at $0.6/day and a retired one at $0.2/day
    const explanation = explainChange(
      [aggregate('old', { calls: 10, input: 20_000, output: 9_333 }, CHEAP)],
      [aggregate('new', { calls: 100, input: 100_000, output: 20_000 })],
      windows,
    );

    it('should count each as volume only', () => {
      // old: 20,000 x 1,000 + 9,333 x 5,000 = 66,665,000 nano a day
      const [first, second] = explanation.groups;
      expect(first).toMatchObject({
        key: 'new',
        totalChangeUsdPerDay: '0.600000000',
      });
      expect(second).toMatchObject({
        key: 'old',
        totalChangeUsdPerDay: '-0.066665000',
      });
      expect(byDriver(first?.drivers ?? [])).toMatchObject({
        volume: '0.600000000',
      });
      expect(byDriver(second?.drivers ?? [])).toMatchObject({
        volume: '-0.066665000',
      });
      expect(explanation.totalChangeUsdPerDay).toBe('0.533335000');
    });
  });

  describe('when the windows have different lengths', () => {
    // each call: 1 input token (3,000 nano) + 1 output (15,000 nano);
    // before: 7 calls in 7 days = 126,000 / 7 = 18,000 nano a day;
    // after: 10 calls in 3 days = 180,000 / 3 = 60,000 a day: +42,000 nano,
    // all volume
    const explanation = explainChange(
      [aggregate('a', { calls: 7, input: 7, output: 7 })],
      [aggregate('a', { calls: 10, input: 10, output: 10 })],
      {
        before: {
          from: new Date('2026-11-01T00:00:00Z'),
          to: new Date('2026-11-08T00:00:00Z'),
        },
        after: {
          from: new Date('2026-11-08T00:00:00Z'),
          to: new Date('2026-11-11T00:00:00Z'),
        },
      },
    );

    it('should compare cost per day', () => {
      expect(explanation.beforeUsdPerDay).toBe('0.000018000');
      expect(explanation.afterUsdPerDay).toBe('0.000060000');
      expect(byDriver(explanation.drivers)).toMatchObject({
        volume: '0.000042000',
      });
    });
  });

  describe('when new users replace users who left', () => {
    // validate, 10 calls a day both days: u_old's 1,000-token prompts
    // (3,000,000 nano a call) on 1 Nov, u_new's 2,000-token prompts
    // (6,000,000) on 2 Nov. Volume did not move, so its driver is 0 and
    // prompt size takes the +$0.03. A call a day is worth the Shapley
    // average of the two costs per call, (3M + 6M) / 2 = 4,500,000 nano:
    // u_new's 10 calls +45,000,000, the 10 that u_old no longer makes
    // -45,000,000.
    const explanation = explainValidate(
      { calls: 10, input: 10_000 },
      { calls: 10, input: 20_000 },
      {
        before: [userRow('validate', 'u_old', 10, '0.03')],
        after: [userRow('validate', 'u_new', 10, '0.06')],
      },
    );

    it('should give the new users their calls and the old ones the loss', () => {
      expect(byDriver(explanation.drivers)).toMatchObject({
        volume: '0.000000000',
        promptSize: '0.030000000',
      });
      expect(explanation.volumeSplit).toEqual({
        newUsersUsdPerDay: '0.045000000',
        existingUsersUsdPerDay: '-0.045000000',
        newUsers: 1,
      });
      expect(explanation.sentences).toContain(
        'Volume: +$0.0450/day from 1 new user, -$0.0450/day from existing users.',
      );
    });
  });

  describe('when new users arrive as others leave and volume grows', () => {
    // 3,000,000 nano a call throughout. 1 Nov: u_a 10 calls, u_b 10;
    // 2 Nov: u_a 10, u_c (new) 30, u_b gone. Volume 20 -> 40 calls:
    // +60,000,000 nano; u_c's 30 calls +90,000,000, existing users
    // -10 calls = -30,000,000.
    const explanation = explainValidate(
      { calls: 20, input: 20_000 },
      { calls: 40, input: 40_000 },
      turnover('validate'),
    );

    it('should split the volume driver into both, summing to it', () => {
      expect(byDriver(explanation.drivers)).toMatchObject({
        volume: '0.060000000',
      });
      expect(explanation.volumeSplit).toEqual({
        newUsersUsdPerDay: '0.090000000',
        existingUsersUsdPerDay: '-0.030000000',
        newUsers: 1,
      });
    });
  });

  describe('when the new users come as calls per group', () => {
    // The same two days as above, with one row per user (any key) and
    // u_c's 30 calls given per group instead: the same split.
    const explanation = explainValidate(
      { calls: 20, input: 20_000 },
      { calls: 40, input: 40_000 },
      { ...turnover('all'), newUserCalls: { validate: 30 } },
    );

    it('should split the volume driver as from rows per group', () => {
      expect(explanation.volumeSplit).toEqual({
        newUsersUsdPerDay: '0.090000000',
        existingUsersUsdPerDay: '-0.030000000',
        newUsers: 1,
      });
      expect(explanation.concentration?.after).toMatchObject({
        users: 2,
        topTenShare: 1,
      });
    });
  });

  describe('when the input is wrong', () => {
    it('should reject a window that ends before it starts', () => {
      expect(() =>
        explainChange([], [], {
          before: DAY_2,
          after: { from: DAY_2.to, to: DAY_2.from },
        }),
      ).toThrow(/"after" window \{ from: Date, to: Date \} with to after from/);
    });

    it('should reject a negative count, naming the field', () => {
      const row = { ...aggregate('a', { calls: 1 }), outputTokens: -5 };
      expect(() => explainChange([row], [], windows)).toThrow(
        'Aggregate 0 ("a") has outputTokens = -5; counts are whole numbers >= 0.',
      );
    });
  });
});
