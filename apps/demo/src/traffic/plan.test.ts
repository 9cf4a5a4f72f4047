import { describe, expect, it } from 'vitest';
import { planDay, planScenario } from './plan.js';
import { instantOf, twoWeekScenario } from './scenario.js';

// 2026-12-04 (a Friday): day 1 is Saturday 2026-11-21, day 14 today
const scenario = twoWeekScenario(Date.parse('2026-12-04T15:00:00Z'));

describe('planDay', () => {
  it('should start 13 days before today at midnight UTC and end now', () => {
    expect(new Date(scenario.startMs).toISOString()).toBe(
      '2026-11-21T00:00:00.000Z',
    );
    expect(new Date(scenario.endMs ?? 0).toISOString()).toBe(
      '2026-12-04T15:00:00.000Z',
    );
  });

  it('should play today only up to now', () => {
    const days = planScenario(scenario);
    const today = days.at(-1) ?? [];

    // 14 days, the last cut at 15:00: its requests before 15:00 only
    expect(days).toHaveLength(14);
    expect(today.length).toBe(
      planDay(scenario, 14).filter(
        (r) => r.atMs < Date.parse('2026-12-04T15:00:00Z'),
      ).length,
    );
    expect(today.length).toBeGreaterThan(0);
    expect(today.length).toBeLessThan(planDay(scenario, 14).length);
    expect(days[12]).toEqual(planDay(scenario, 13));
  });

  it('should plan 800 requests on a weekday and 440 on a weekend day', () => {
    // day 1 = Saturday: 800 x 0.55 = 440; day 3 = Monday
    expect(planDay(scenario, 1)).toHaveLength(440);
    expect(planDay(scenario, 3)).toHaveLength(800);
  });

  it('should plan the same requests on every run', () => {
    expect(planDay(scenario, 4)).toEqual(planDay(scenario, 4));
  });

  it('should keep every request inside its day, in time order', () => {
    const requests = planDay(scenario, 5);
    const times = requests.map((request) => request.atMs);

    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(instantOf(scenario, 5));
    expect(times.at(-1)).toBeLessThan(instantOf(scenario, 6));
  });

  it('should follow the daily cycle: afternoons busier than nights', () => {
    const hourOf = (atMs: number) => new Date(atMs).getUTCHours();
    const requests = planDay(scenario, 1);
    const night = requests.filter((r) => hourOf(r.atMs) < 5).length;
    const afternoon = requests.filter(
      (r) => hourOf(r.atMs) >= 13 && hourOf(r.atMs) < 18,
    ).length;

    // weights: hours 0-4 sum to 6, hours 13-17 to 56 (of 167)
    expect(afternoon).toBeGreaterThan(5 * night);
  });

  it('should draw users from a long tail', () => {
    const perUser = new Map<string, number>();
    for (let day = 1; day <= 7; day++) {
      for (const request of planDay(scenario, day)) {
        perUser.set(request.userId, (perUser.get(request.userId) ?? 0) + 1);
      }
    }
    const counts = [...perUser.values()].sort((a, b) => b - a);
    const total = counts.reduce((sum, count) => sum + count, 0);
    const topTen = counts.slice(0, 10).reduce((sum, count) => sum + count, 0);

    // Zipf(1.2) over 300 users: the top 10 weigh 2.47 of 4.0, about 60%
    expect(topTen / total).toBeGreaterThan(0.55);
    expect(topTen / total).toBeLessThan(0.68);
    expect(perUser.size).toBeGreaterThan(150);
  });

  it('should add the scripted summarize burst on day 12 only', () => {
    const burst = (day: number) =>
      planDay(scenario, day).filter(
        (r) => r.userId === 'u_287' && r.kind === 'summarize',
      );
    const day12 = burst(12);

    expect(day12.length).toBeGreaterThanOrEqual(900);
    expect(burst(11).length).toBeLessThan(5);
    expect(day12[0]?.atMs).toBe(instantOf(scenario, 12, 1));
  });
});
