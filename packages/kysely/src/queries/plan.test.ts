import { describe, expect, it } from 'vitest';
import type { CheckedFilter } from './filter-input.js';
import { planSources } from './plan.js';

const HOUR = 3_600_000;
const filter = (overrides: Partial<CheckedFilter> = {}): CheckedFilter => ({
  fromMs: undefined,
  toMs: undefined,
  columns: [],
  tags: [],
  ...overrides,
});

describe('planSources', () => {
  describe('when the range is whole hours', () => {
    it('should read only the all-users rollup', () => {
      const plans = planSources(
        filter({ fromMs: 10 * HOUR, toMs: 20 * HOUR }),
        [],
        'auto',
      );

      expect(plans).toEqual([
        {
          table: 'usage_rollups_hourly_all_users',
          fromMs: 10 * HOUR,
          toMs: 20 * HOUR,
        },
      ]);
    });
  });

  describe('when the range cuts hours', () => {
    it('should read the whole hours from rollups and the edges from events', () => {
      const plans = planSources(
        filter({ fromMs: 10 * HOUR + 5, toMs: 20 * HOUR - 7 }),
        ['user'],
        'auto',
      );

      // rollups cover [11h, 19h); raw events [10h+5ms, 11h) and [19h, 20h-7ms)
      expect(plans).toEqual([
        { table: 'usage_rollups_hourly', fromMs: 11 * HOUR, toMs: 19 * HOUR },
        { table: 'usage_events', fromMs: 10 * HOUR + 5, toMs: 11 * HOUR },
        { table: 'usage_events', fromMs: 19 * HOUR, toMs: 20 * HOUR - 7 },
      ]);
    });

    it('should read events alone inside a single hour', () => {
      const plans = planSources(
        filter({ fromMs: 10 * HOUR + 5, toMs: 10 * HOUR + 9 }),
        [],
        'auto',
      );

      expect(plans).toEqual([
        { table: 'usage_events', fromMs: 10 * HOUR + 5, toMs: 10 * HOUR + 9 },
      ]);
    });
  });

  describe('when rollups cannot answer', () => {
    it('should read events for tag filters and in raw mode', () => {
      const tagged = filter({ tags: [['team', ['core']]] });

      expect(planSources(tagged, [], 'auto')).toEqual([
        { table: 'usage_events', fromMs: undefined, toMs: undefined },
      ]);
      expect(planSources(filter(), [], 'raw')).toEqual([
        { table: 'usage_events', fromMs: undefined, toMs: undefined },
      ]);
    });

    it('should read events, indexed by user, for a user filter', () => {
      const oneUser = filter({
        columns: [{ column: 'user_id', values: ['alice'] }],
      });

      expect(planSources(oneUser, ['endpoint'], 'auto')).toEqual([
        { table: 'usage_events', fromMs: undefined, toMs: undefined },
      ]);
      expect(planSources(oneUser, ['user', 'hour'], 'auto')).toEqual([
        { table: 'usage_events', fromMs: undefined, toMs: undefined },
      ]);
    });

    it('should read the whole days of a user filter daily and the rest from events', () => {
      const DAY = 24 * HOUR;
      const oneUser = filter({
        columns: [{ column: 'user_id', values: ['alice'] }],
        fromMs: 2 * DAY + 13 * HOUR,
        toMs: 9 * DAY + 5 * HOUR + 7,
      });

      // days 3 to 8 daily; day 2 from 13:00 and day 9 to 05:00 from events
      expect(planSources(oneUser, [], 'auto')).toEqual([
        {
          table: 'usage_rollups_daily_users',
          fromMs: 3 * DAY,
          toMs: 9 * DAY,
        },
        { table: 'usage_events', fromMs: 2 * DAY + 13 * HOUR, toMs: 3 * DAY },
        {
          table: 'usage_events',
          fromMs: 9 * DAY,
          toMs: 9 * DAY + 5 * HOUR + 7,
        },
      ]);
    });

    it('should read nothing for an empty range', () => {
      expect(planSources(filter({ fromMs: 5, toMs: 5 }), [], 'auto')).toEqual(
        [],
      );
    });
  });
});
