// Small formatting helpers for the helpdesk pages: durations in working minutes, file sizes,
// and the split of minutes into hours + minutes used by the SLA forms.
import type { Translate } from './events';

/** 150 → "2 h 30 min"; 45 → "45 min"; 0 → "0 min"; null → "—". */
export function formatMinutes(minutes: number | null | undefined, t: Translate): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—';
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h && m) return t('hd.duration.hm', { h, m });
  if (h) return t('hd.duration.h', { h });
  return t('hd.duration.m', { m });
}

export function splitMinutes(minutes: number | null | undefined): { hours: string; minutes: string } {
  if (minutes === null || minutes === undefined) return { hours: '', minutes: '' };
  return { hours: String(Math.floor(minutes / 60)), minutes: String(minutes % 60) };
}

/** Hours and minutes as typed → total minutes; null when both are empty; NaN when not whole numbers. */
export function joinMinutes(hours: string, minutes: string): number | null {
  if (!hours.trim() && !minutes.trim()) return null;
  const h = hours.trim() ? Number(hours) : 0;
  const m = minutes.trim() ? Number(minutes) : 0;
  if (!Number.isInteger(h) || !Number.isInteger(m) || h < 0 || m < 0) return Number.NaN;
  return h * 60 + m;
}

/** 2048 → "2 KB", 3 500 000 → "3.3 MB" (es-MX number format). */
export function formatSize(bytes: number, locale = 'es-MX'): string {
  const fmt = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024) return `${fmt(bytes)} B`;
  if (bytes < 1024 * 1024) return `${fmt(bytes / 1024)} KB`;
  return `${fmt(bytes / (1024 * 1024))} MB`;
}

/** The calendar day (YYYY-MM-DD) it is in Mexico City at `now`. */
export function mexicoCityDay(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Mexico_City',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A calendar day moved by `days` (may be negative). */
export function addDays(day: string, days: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10);
}
