import { describe, expect, it } from 'vitest';
import { groupTrend, trendUnit, type TrendDay } from './trend';

function days(from: string, n: number): TrendDay[] {
  const start = Date.parse(`${from}T12:00:00Z`);
  return Array.from({ length: n }, (_, i) => ({
    date: new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    created: 1,
    resolved: i % 2,
  }));
}

describe('groupTrend', () => {
  it('keeps days for up to two months', () => {
    expect(trendUnit(30)).toBe('day');
    const { unit, buckets } = groupTrend(days('2026-11-01', 30));
    expect(unit).toBe('day');
    expect(buckets).toHaveLength(30);
    expect(buckets[0]).toEqual({ from: '2026-11-01', to: '2026-11-01', created: 1, resolved: 0 });
  });

  it('groups 7 consecutive days from the first when longer', () => {
    const { unit, buckets } = groupTrend(days('2026-01-01', 90));
    expect(unit).toBe('week');
    expect(buckets).toHaveLength(13);
    expect(buckets[0]).toEqual({ from: '2026-01-01', to: '2026-01-07', created: 7, resolved: 3 });
    expect(buckets[12]).toEqual({ from: '2026-03-26', to: '2026-03-31', created: 6, resolved: 3 });
  });

  it('groups by calendar month for long periods, sorting the days first', () => {
    const input = days('2026-01-01', 365).reverse();
    const { unit, buckets } = groupTrend(input);
    expect(unit).toBe('month');
    expect(buckets).toHaveLength(12);
    expect(buckets[1]).toEqual({ from: '2026-02-01', to: '2026-02-28', month: '2026-02', created: 28, resolved: 14 });
    expect(buckets.reduce((n, b) => n + b.created, 0)).toBe(365);
  });
});
