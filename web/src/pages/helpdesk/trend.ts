// The daily trend of a period, grouped so that a chart never has more columns than fit: days up
// to two months, then weeks (7 consecutive days from the first), then calendar months.

export interface TrendDay {
  date: string;
  created: number;
  resolved: number;
}

export interface TrendBucket {
  /** First and last day of the bucket (YYYY-MM-DD). */
  from: string;
  to: string;
  /** Calendar month (YYYY-MM) for monthly buckets. */
  month?: string;
  created: number;
  resolved: number;
}

export type TrendUnit = 'day' | 'week' | 'month';

export function trendUnit(days: number): TrendUnit {
  if (days <= 62) return 'day';
  if (days <= 182) return 'week';
  return 'month';
}

export function groupTrend(days: TrendDay[]): { unit: TrendUnit; buckets: TrendBucket[] } {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  const unit = trendUnit(sorted.length);
  const buckets: TrendBucket[] = [];
  sorted.forEach((d, i) => {
    const month = d.date.slice(0, 7);
    const last = buckets[buckets.length - 1];
    const joins = last && (unit === 'week' ? i % 7 !== 0 : unit === 'month' ? last.month === month : false);
    if (joins) {
      last.to = d.date;
      last.created += d.created;
      last.resolved += d.resolved;
    } else {
      buckets.push({ from: d.date, to: d.date, ...(unit === 'month' ? { month } : {}), created: d.created, resolved: d.resolved });
    }
  });
  return { unit, buckets };
}
