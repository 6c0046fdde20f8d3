// Simple accessible charts in inline SVG (no chart library): horizontal bars, each chart named
// by its caption, with the same numbers in a table for screen readers and for copying.
import { useId } from 'react';
import { useI18n } from '../../i18n';
import { groupTrend, type TrendBucket, type TrendDay } from './trend';

export interface Bar {
  label: string;
  value: number;
  /** A second series (e.g. resolved next to created), drawn as a thinner bar below the first. */
  second?: number;
}

interface Props {
  title: string;
  bars: Bar[];
  /** Names of the series, shown as the table's column headings (and a legend when two). */
  series: [string] | [string, string];
  empty?: string;
}

const ROW = 28;
const LABEL_W = 180;
const BAR_W = 320;
const VALUE_W = 60;

export function BarChart({ title, bars, series, empty }: Props) {
  const { t } = useI18n();
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.second ?? 0)));
  const two = series.length === 2;
  const height = bars.length * ROW + 8;
  const width = LABEL_W + BAR_W + VALUE_W;
  const shorten = (s: string) => (s.length > 26 ? `${s.slice(0, 25)}…` : s);

  return (
    <figure className="card hd-chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <h2>{title}</h2>
      </figcaption>
      {bars.length === 0 ? (
        <p className="muted">{empty ?? t('hd.stats.no_data')}</p>
      ) : (
        <>
          {two ? (
            <p className="hd-legend" aria-hidden="true">
              <span className="hd-swatch hd-swatch--1" /> {series[0]} <span className="hd-swatch hd-swatch--2" /> {series[1]}
            </p>
          ) : null}
          <svg
            viewBox={`0 0 ${width} ${height}`}
            width="100%"
            preserveAspectRatio="xMinYMin meet"
            role="img"
            aria-labelledby={`${id}-cap`}
            className="hd-chart-svg"
          >
            {bars.map((b, i) => {
              const y = i * ROW + 4;
              const w1 = (b.value / max) * BAR_W;
              const w2 = ((b.second ?? 0) / max) * BAR_W;
              return (
                <g key={`${b.label}-${i}`}>
                  <title>{two ? `${b.label}: ${series[0]} ${b.value}, ${series[1]} ${b.second ?? 0}` : `${b.label}: ${b.value}`}</title>
                  <text x={LABEL_W - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="hd-chart-label">
                    {shorten(b.label)}
                  </text>
                  <rect x={LABEL_W} y={y + 2} width={Math.max(w1, b.value ? 2 : 0)} height={two ? 12 : 20} className="hd-bar hd-bar--1" rx="2" />
                  {two ? <rect x={LABEL_W} y={y + 15} width={Math.max(w2, b.second ? 2 : 0)} height={8} className="hd-bar hd-bar--2" rx="2" /> : null}
                  <text x={LABEL_W + Math.max(w1, w2) + 6} y={y + ROW / 2} dominantBaseline="middle" className="hd-chart-value">
                    {two ? `${b.value} / ${b.second ?? 0}` : b.value}
                  </text>
                </g>
              );
            })}
          </svg>
          <details className="hd-chart-data">
            <summary>{t('hd.stats.show_data')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('hd.stats.item')}</th>
                  {series.map((s) => (
                    <th key={s} scope="col">
                      {s}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {bars.map((b, i) => (
                  <tr key={`${b.label}-${i}`}>
                    <th scope="row">{b.label}</th>
                    <td>{b.value}</td>
                    {two ? <td>{b.second ?? 0}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}

/** A calendar day as "25 nov" (es-MX) or "Nov 25" (en), read as a date, not an instant. */
function shortDay(day: string, lang: string, withYear = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-MX', {
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(date);
}

function monthName(month: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-MX', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

const T_W = 640;
const T_H = 180;
const T_TOP = 12;
const T_LEFT = 36;
const T_BOTTOM = 28;

/** Created and resolved per day (or week, or month for long periods) as paired columns. */
export function TrendChart({ title, days, series }: { title: string; days: TrendDay[]; series: [string, string] }) {
  const { t, lang } = useI18n();
  const id = useId();
  const { unit, buckets } = groupTrend(days);
  const label = (b: TrendBucket) =>
    unit === 'month' ? monthName(b.month ?? b.from.slice(0, 7), lang) : unit === 'week' ? t('hd.stats.week_of', { date: shortDay(b.from, lang) }) : shortDay(b.from, lang);
  const max = Math.max(1, ...buckets.map((b) => Math.max(b.created, b.resolved)));
  const plotW = T_W - T_LEFT - 4;
  const plotH = T_H - T_TOP - T_BOTTOM;
  const slot = buckets.length ? plotW / buckets.length : plotW;
  const bar = Math.max(1, slot * 0.38);
  const every = Math.max(1, Math.ceil(buckets.length / 8));
  const y = (v: number) => T_TOP + plotH - (v / max) * plotH;

  return (
    <figure className="card hd-chart hd-chart--wide" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <h2>{title}</h2>
      </figcaption>
      {buckets.length === 0 ? (
        <p className="muted">{t('hd.stats.no_data')}</p>
      ) : (
        <>
          <p className="hd-legend" aria-hidden="true">
            <span className="hd-swatch hd-swatch--1" /> {series[0]} <span className="hd-swatch hd-swatch--2" /> {series[1]}
            {unit !== 'day' ? <span className="muted"> · {t(unit === 'week' ? 'hd.stats.by_week' : 'hd.stats.by_month')}</span> : null}
          </p>
          <svg viewBox={`0 0 ${T_W} ${T_H}`} width="100%" role="img" aria-labelledby={`${id}-cap`} className="hd-chart-svg hd-trend-svg">
            <line x1={T_LEFT} x2={T_W - 4} y1={y(0)} y2={y(0)} className="hd-axis" />
            <line x1={T_LEFT} x2={T_W - 4} y1={y(max)} y2={y(max)} className="hd-grid" />
            <text x={T_LEFT - 6} y={y(max)} textAnchor="end" dominantBaseline="middle" className="hd-chart-value">
              {max}
            </text>
            <text x={T_LEFT - 6} y={y(0)} textAnchor="end" dominantBaseline="middle" className="hd-chart-value">
              0
            </text>
            {buckets.map((b, i) => {
              const x = T_LEFT + i * slot + (slot - 2 * bar) / 2;
              return (
                <g key={b.from}>
                  <title>{`${label(b)}: ${series[0]} ${b.created}, ${series[1]} ${b.resolved}`}</title>
                  <rect x={x} y={y(b.created)} width={bar} height={y(0) - y(b.created)} className="hd-bar hd-bar--1" />
                  <rect x={x + bar} y={y(b.resolved)} width={bar} height={y(0) - y(b.resolved)} className="hd-bar hd-bar--2" />
                  {i % every === 0 ? (
                    <text x={T_LEFT + i * slot + slot / 2} y={T_H - 8} textAnchor="middle" className="hd-chart-label">
                      {label(b)}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </svg>
          <details className="hd-chart-data">
            <summary>{t('hd.stats.show_data')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(unit === 'day' ? 'hd.stats.day' : unit === 'week' ? 'hd.stats.week' : 'hd.stats.month')}</th>
                  <th scope="col">{series[0]}</th>
                  <th scope="col">{series[1]}</th>
                </tr>
              </thead>
              <tbody>
                {buckets.map((b) => (
                  <tr key={b.from}>
                    <th scope="row">{unit === 'week' ? `${shortDay(b.from, lang)} – ${shortDay(b.to, lang, true)}` : unit === 'month' ? label(b) : shortDay(b.from, lang, true)}</th>
                    <td>{b.created}</td>
                    <td>{b.resolved}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
