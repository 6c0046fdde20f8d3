// Formatting for the asset pages: calendar days (acquisition, warranty, due dates) and money (MXN).
// Instants (created_at…) go through the i18n formatDate, always in America/Mexico_City.
import type { Lang } from '../../i18n';

/** A calendar day "2026-11-25" → "25 nov 2026" (a day has no time zone); null → "—". */
export function formatDay(day: string | null | undefined, lang: Lang): string {
  if (!day) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-MX', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** 1234.5 → "$1,234.50" (MXN); null → "—". */
export function formatMoney(amount: number | null | undefined, lang: Lang): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'es-MX', { style: 'currency', currency: 'MXN' }).format(amount);
}

/** A cost as typed ("$1,234.50", "1234,5") → a number with 2 decimals; '' → null; NaN when it is not a number. */
export function parseCost(text: string): number | null {
  const t = text.trim().replace(/[$\s]/g, '').replace(/MXN$/i, '');
  if (!t) return null;
  let normalized = t;
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) normalized = t.replace(/,/g, '');
  else if (/^\d+,\d{1,2}$/.test(t)) normalized = t.replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(normalized)) return Number.NaN;
  return Math.round(Number(normalized) * 100) / 100;
}

/** Asset's short description: "Laptop · Dell Latitude 3420". */
export function describeAsset(a: { type_name?: string | null; brand?: string | null; model?: string | null }): string {
  const bm = [a.brand, a.model].map((s) => (s ?? '').trim()).filter(Boolean).join(' ');
  return [a.type_name ?? '', bm].filter(Boolean).join(' · ');
}
