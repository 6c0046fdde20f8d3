// Mesa de servicio › Tablero (helpdesk.read_all): the numbers of GET /helpdesk/stats for a period
// and a queue, as cards and bar charts, and the monthly PDF report per queue.
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, apiUrl } from '../../api/client';
import type { HelpdeskStats } from '../../api/helpdesk';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { FilterBar } from '../../components/FilterBar';
import { SelectField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { BarChart, TrendChart } from './charts';
import { addDays, formatMinutes, mexicoCityDay } from './format';
import { useQueues } from './hooks';
import { AGE_BUCKET_LABEL, PRIORITY_LABEL, labelOf } from './labels';

/** A calendar day (YYYY-MM-DD) as "27 oct 2026". */
function dayLabel(day: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-MX', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

function percent(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'es-MX', { maximumFractionDigits: 1 }).format(value) + ' %';
}

export function DashboardPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const today = mexicoCityDay();
  const from = params.get('from') ?? addDays(today, -29);
  const to = params.get('to') ?? today;
  const queueId = params.get('queue_id') ?? '';
  const [draft, setDraft] = useState({ from, to, queue_id: queueId });
  const queues = useQueues();
  const stats = useResource(() => api.get<HelpdeskStats>('/helpdesk/stats', { from, to, queue_id: queueId }), [from, to, queueId]);

  useEffect(() => setDraft({ from, to, queue_id: queueId }), [from, to, queueId]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    if (draft.from) next.set('from', draft.from);
    if (draft.to) next.set('to', draft.to);
    if (draft.queue_id) next.set('queue_id', draft.queue_id);
    setParams(next);
  }

  const s = stats.data;
  const openTotal = s ? s.open_by_queue.reduce((n, q) => n + q.count, 0) : 0;
  const queueOptions = [{ value: '', label: t('hd.filter.all_queues') }, ...(queues.data ?? []).map((q) => ({ value: String(q.id), label: q.name }))];

  return (
    <Page title={t('hd.stats.title')}>
      <p className="page-intro">{t('hd.stats.intro')}</p>
      <FilterBar label={t('hd.stats.filters')} submitLabel={t('hd.stats.apply')} onSubmit={onSubmit}>
        <TextField label={t('hd.stats.from')} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} error={fieldError(stats.error, 'from')} />
        <TextField label={t('hd.stats.to')} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} error={fieldError(stats.error, 'to')} />
        <SelectField label={t('hd.filter.queue')} value={draft.queue_id} onChange={(e) => setDraft({ ...draft, queue_id: e.target.value })} options={queueOptions} />
      </FilterBar>
      <ErrorAlert error={stats.error} fields={['from', 'to']} />
      {stats.loading && !s ? <Loading /> : null}
      {s ? (
        <div aria-busy={stats.loading}>
          <ul className="hd-stat-cards">
            <StatCard label={t('hd.stats.open')} value={String(openTotal)} note={t('hd.stats.open_note')} />
            {s.created !== undefined ? (
              <StatCard label={t('hd.stats.created_period')} value={String(s.created)} note={t('hd.stats.period', { from: dayLabel(s.from ?? from, lang), to: dayLabel(s.to ?? to, lang) })} />
            ) : null}
            <StatCard
              label={t('hd.stats.sla_response')}
              value={percent(s.sla.response.percent, lang)}
              note={t('hd.stats.met_missed', { met: s.sla.response.met, missed: s.sla.response.missed })}
            />
            <StatCard
              label={t('hd.stats.sla_resolution')}
              value={percent(s.sla.resolution.percent, lang)}
              note={t('hd.stats.met_missed', { met: s.sla.resolution.met, missed: s.sla.resolution.missed })}
            />
            <StatCard
              label={t('hd.stats.mean_response')}
              value={formatMinutes(s.mean_minutes.response, t)}
              note={s.mean_sample ? t('hd.stats.working_time_sample', { count: s.mean_sample.response }) : t('hd.stats.working_time')}
            />
            <StatCard
              label={t('hd.stats.mean_resolution')}
              value={formatMinutes(s.mean_minutes.resolution, t)}
              note={s.mean_sample ? t('hd.stats.working_time_sample', { count: s.mean_sample.resolution }) : t('hd.stats.working_time')}
            />
            <StatCard
              label={t('hd.stats.satisfaction')}
              value={s.satisfaction.mean != null ? t('hd.stats.satisfaction_value', { mean: s.satisfaction.mean.toFixed(1) }) : '—'}
              note={t('hd.stats.satisfaction_count', { count: s.satisfaction.count })}
            />
          </ul>
          <div className="hd-charts">
            <BarChart title={t('hd.stats.open_by_queue')} series={[t('hd.stats.tickets')]} bars={s.open_by_queue.map((q) => ({ label: q.queue_name, value: q.count }))} />
            <BarChart
              title={t('hd.stats.open_by_priority')}
              series={[t('hd.stats.tickets')]}
              bars={s.open_by_priority.map((p) => ({ label: labelOf(t, PRIORITY_LABEL, p.priority), value: p.count }))}
            />
            <BarChart
              title={t('hd.stats.open_by_age')}
              series={[t('hd.stats.tickets')]}
              bars={s.open_by_age.map((a) => ({ label: labelOf(t, AGE_BUCKET_LABEL, a.bucket), value: a.count }))}
            />
            <TrendChart title={t('hd.stats.trend')} series={[t('hd.stats.created'), t('hd.stats.resolved')]} days={s.trend} />
            <BarChart title={t('hd.stats.by_area')} series={[t('hd.stats.tickets')]} bars={s.by_area.map((a) => ({ label: a.area_name, value: a.count }))} />
            <BarChart
              title={t('hd.stats.by_category')}
              series={[t('hd.stats.tickets')]}
              bars={s.by_category.map((c) => ({ label: c.category_name, value: c.count }))}
            />
            <BarChart
              title={t('hd.stats.workload')}
              series={[t('hd.stats.open_now'), t('hd.stats.resolved')]}
              bars={s.workload.map((w) => ({ label: w.display_name, value: w.open, second: w.resolved }))}
            />
          </div>
        </div>
      ) : null}
      <MonthlyReport queues={queueOptions.slice(1)} defaultMonth={today.slice(0, 7)} />
    </Page>
  );
}

function StatCard({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <li className="card hd-stat-card">
      <span className="hd-stat-label">{label}</span>
      <strong className="hd-stat-value">{value}</strong>
      {note ? <span className="muted hd-small">{note}</span> : null}
    </li>
  );
}

function MonthlyReport({ queues, defaultMonth }: { queues: { value: string; label: string }[]; defaultMonth: string }) {
  const { t } = useI18n();
  const [queueId, setQueueId] = useState('');
  const [month, setMonth] = useState(defaultMonth);
  const chosen = queueId || queues[0]?.value || '';
  const ready = Boolean(chosen && /^\d{4}-\d{2}$/.test(month));
  return (
    <section className="card form-card" aria-labelledby="hd-report-heading">
      <h2 id="hd-report-heading">{t('hd.report.title')}</h2>
      <p>{t('hd.report.text')}</p>
      <SelectField label={t('hd.filter.queue')} value={chosen} onChange={(e) => setQueueId(e.target.value)} options={queues} />
      <TextField label={t('hd.report.month')} type="month" value={month} hint={t('hd.report.month_hint')} onChange={(e) => setMonth(e.target.value)} />
      {ready ? (
        <a className="button" href={apiUrl('/helpdesk/reports/monthly', { queue_id: chosen, month })} download>
          {t('hd.report.download')}
        </a>
      ) : (
        <p className="muted">{t('hd.report.choose')}</p>
      )}
    </section>
  );
}
