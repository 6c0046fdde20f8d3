// Catálogo y SLA › Días inhábiles: a year's days off. Those of the law are computed by the server
// and read-only (with their source); administrators add their own days or periods and delete them.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { DayOff } from '../../api/helpdesk';
import type { Items } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/forms';
import { EmptyNote, ListState } from '../../components/ListState';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { mexicoCityDay } from './format';

function longDay(day: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-MX', { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12)),
  );
}

export function DaysOffAdmin() {
  const { t, lang } = useI18n();
  const thisYear = Number(mexicoCityDay().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const days = useResource(() => api.get<Items<DayOff>>('/helpdesk/days-off', { year }).then((r) => r.items), [year]);
  const [flash, setFlash] = useState('');
  const remove = useFormAction();

  async function onDelete(day: DayOff) {
    if (day.id == null || !window.confirm(t('hd.days.confirm_delete', { label: day.label }))) return;
    await remove.run(async () => {
      await api.del(`/helpdesk/days-off/${encodeURIComponent(String(day.id))}`);
      setFlash(t('hd.days.deleted', { label: day.label }));
      days.reload();
    });
  }

  return (
    <section aria-labelledby="hd-days-heading">
      <h2 id="hd-days-heading">{t('hd.days.title')}</h2>
      <p className="page-intro">{t('hd.days.intro')}</p>
      <div role="status" className={flash ? 'alert alert--success' : 'visually-hidden'}>
        {flash}
      </div>
      <div className="filters hd-filters-narrow">
        <SelectField
          label={t('hd.days.year')}
          value={String(year)}
          onChange={(e) => setYear(Number(e.target.value))}
          options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => ({ value: String(y), label: String(y) }))}
        />
      </div>
      <ErrorAlert error={remove.error} />
      <ListState list={days} empty={<EmptyNote>{t('hd.days.empty')}</EmptyNote>}>
        {(items) => (
          <DataTable caption={t('hd.days.table', { year })} columns={[t('hd.days.date'), t('hd.days.label'), t('hd.days.source'), t('hd.days.kind'), t('common.actions')]}>
            {items.map((d, i) => (
              <tr key={`${d.date}-${String(d.id ?? i)}`}>
                <td>
                  <time dateTime={d.date}>{longDay(d.date, lang)}</time>
                  {d.to && d.to !== d.date ? (
                    <>
                      {' – '}
                      <time dateTime={d.to}>{longDay(d.to, lang)}</time>
                    </>
                  ) : null}
                </td>
                <td>{d.label}</td>
                <td>{d.source || '—'}</td>
                <td>{t(d.kind === 'ley' ? 'hd.days.kind_law' : 'hd.days.kind_admin')}</td>
                <td>
                  {d.kind === 'admin' && d.id != null ? (
                    <button type="button" className="link-button" aria-label={t('hd.days.delete_named', { label: d.label, date: d.date })} onClick={() => void onDelete(d)}>
                      {t('common.delete')}
                    </button>
                  ) : (
                    <span className="muted">{t('hd.days.readonly')}</span>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListState>
      <AddDayOff
        onAdded={(label) => {
          setFlash(t('hd.days.added', { label }));
          days.reload();
        }}
      />
    </section>
  );
}

function AddDayOff({ onAdded }: { onAdded: (label: string) => void }) {
  const { t } = useI18n();
  const [date, setDate] = useState('');
  const [to, setTo] = useState('');
  const [label, setLabel] = useState('');
  const [source, setSource] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const body: Record<string, unknown> = { date, label: label.trim(), source: source.trim() };
      if (to) body.to = to;
      await api.post<unknown>('/helpdesk/days-off', body);
      onAdded(label.trim());
      setDate('');
      setTo('');
      setLabel('');
      setSource('');
    });
  }

  return (
    <section className="card form-card" aria-labelledby="hd-day-add">
      <h3 id="hd-day-add">{t('hd.days.add')}</h3>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['date', 'to', 'label', 'source']} />
        <div className="hd-inline-row">
          <TextField label={t('hd.days.date')} type="date" required value={date} onChange={(e) => setDate(e.target.value)} error={fieldError(error, 'date')} />
          <TextField label={t('hd.days.to')} type="date" hint={t('hd.days.to_hint')} value={to} onChange={(e) => setTo(e.target.value)} error={fieldError(error, 'to')} />
        </div>
        <TextField label={t('hd.days.label')} required maxLength={200} value={label} onChange={(e) => setLabel(e.target.value)} error={fieldError(error, 'label')} />
        <TextField
          label={t('hd.days.source')}
          required
          maxLength={200}
          hint={t('hd.days.source_hint')}
          value={source}
          onChange={(e) => setSource(e.target.value)}
          error={fieldError(error, 'source')}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('hd.days.submit')}
        </button>
      </form>
    </section>
  );
}
