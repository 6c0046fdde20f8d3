// Catálogo y SLA › Tickets recurrentes: tickets the system files by itself (daily, weekly on a
// weekday, monthly on a day) — e.g. a backup check every Monday at 08:00.
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { api } from '../../api/client';
import { FREQUENCIES, type Category, type Frequency, type RecurringTicket } from '../../api/helpdesk';
import type { Items } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/forms';
import { EmptyNote, ListState } from '../../components/ListState';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { FREQUENCY_LABEL, WEEKDAY_LABEL, labelOf } from './labels';
import { TicketLink } from './parts';

type Editing = { mode: 'create' } | { mode: 'edit'; item: RecurringTicket } | null;

export function RecurringAdmin({ categories }: { categories: Category[] | undefined }) {
  const { t, formatDate } = useI18n();
  const list = useResource(() => api.get<Items<RecurringTicket>>('/helpdesk/recurring').then((r) => r.items), []);
  const [editing, setEditing] = useState<Editing>(null);
  const [flash, setFlash] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const remove = useFormAction();

  function start(value: Editing) {
    setFlash('');
    setEditing(value);
    requestAnimationFrame(() => heading.current?.focus());
  }

  function schedule(r: RecurringTicket): string {
    if (r.frequency === 'weekly' && r.day != null) return t('hd.rec.weekly_on', { day: labelOf(t, WEEKDAY_LABEL, r.day), time: r.time });
    if (r.frequency === 'monthly' && r.day != null) return t('hd.rec.monthly_on', { day: r.day, time: r.time });
    return t('hd.rec.daily_at', { time: r.time });
  }

  async function onDelete(r: RecurringTicket) {
    if (!window.confirm(t('hd.rec.confirm_delete', { title: r.title }))) return;
    await remove.run(async () => {
      await api.del(`/helpdesk/recurring/${encodeURIComponent(String(r.id))}`);
      setFlash(t('hd.rec.deleted', { title: r.title }));
      list.reload();
    });
  }

  return (
    <section aria-labelledby="hd-rec-heading">
      <div className="section-header">
        <h2 id="hd-rec-heading">{t('hd.rec.title')}</h2>
        <button type="button" className="button" onClick={() => start({ mode: 'create' })}>
          {t('hd.rec.new')}
        </button>
      </div>
      <p className="page-intro">{t('hd.rec.intro')}</p>
      <div role="status" className={flash ? 'alert alert--success' : 'visually-hidden'}>
        {flash}
      </div>
      {editing ? (
        <RecurringForm
          key={editing.mode === 'edit' ? `edit-${String(editing.item.id)}` : 'new'}
          original={editing.mode === 'edit' ? editing.item : null}
          categories={categories ?? []}
          headingRef={heading}
          onCancel={() => setEditing(null)}
          onSaved={(r, created) => {
            setEditing(null);
            setFlash(t(created ? 'hd.rec.created' : 'hd.rec.updated', { title: r.title }));
            list.reload();
          }}
        />
      ) : null}
      <ErrorAlert error={remove.error} />
      <ListState list={list} empty={<EmptyNote>{t('hd.rec.empty')}</EmptyNote>}>
        {(items) => (
          <DataTable
            caption={t('hd.rec.title')}
            columns={[t('hd.field.title'), t('hd.field.category'), t('hd.rec.schedule'), t('hd.rec.next_run'), t('hd.rec.last_ticket'), t('common.status'), t('common.actions')]}
          >
            {items.map((r) => (
              <tr key={String(r.id)}>
                <td>{r.title}</td>
                <td>{r.category_name}</td>
                <td>{schedule(r)}</td>
                <td>
                  <time dateTime={r.next_run_at}>{formatDate(r.next_run_at)}</time>
                </td>
                <td>{r.last_ticket_id != null ? <TicketLink id={r.last_ticket_id} number={`MS-${r.last_ticket_id}`} /> : '—'}</td>
                <td>{r.active ? t('common.active') : t('common.inactive')}</td>
                <td>
                  <span className="button-row">
                    <button type="button" className="link-button" aria-label={t('hd.rec.edit_named', { title: r.title })} onClick={() => start({ mode: 'edit', item: r })}>
                      {t('common.edit')}
                    </button>
                    <button type="button" className="link-button" aria-label={t('hd.rec.delete_named', { title: r.title })} onClick={() => void onDelete(r)}>
                      {t('common.delete')}
                    </button>
                  </span>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListState>
    </section>
  );
}

interface FormProps {
  original: RecurringTicket | null;
  categories: Category[];
  headingRef: RefObject<HTMLHeadingElement | null>;
  onCancel: () => void;
  onSaved: (item: RecurringTicket, created: boolean) => void;
}

const FIELDS = ['title', 'description', 'category_id', 'frequency', 'day', 'time', 'active'];

function RecurringForm({ original, categories, headingRef, onCancel, onSaved }: FormProps) {
  const { t } = useI18n();
  const [title, setTitle] = useState(original?.title ?? '');
  const [description, setDescription] = useState(original?.description ?? '');
  const [categoryId, setCategoryId] = useState(original ? String(original.category_id) : '');
  const [frequency, setFrequency] = useState<Frequency>(original?.frequency ?? 'weekly');
  const [day, setDay] = useState(original?.day != null ? String(original.day) : '1');
  const [time, setTime] = useState(original?.time ?? '08:00');
  const [active, setActive] = useState(original?.active ?? true);
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const values: Record<string, unknown> = {
        title: title.trim(),
        description: description.trim(),
        category_id: categories.find((c) => String(c.id) === categoryId)?.id ?? (categoryId ? Number(categoryId) : null),
        frequency,
        day: frequency === 'daily' ? null : Number(day),
        time,
        active,
      };
      if (!original) {
        const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
        onSaved(await api.post<RecurringTicket>('/helpdesk/recurring', body), true);
        return;
      }
      const before: Record<string, unknown> = {
        title: original.title,
        description: original.description,
        category_id: original.category_id,
        frequency: original.frequency,
        day: original.day,
        time: original.time,
        active: original.active,
      };
      const body = Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
      const saved = Object.keys(body).length ? await api.patch<RecurringTicket>(`/helpdesk/recurring/${encodeURIComponent(String(original.id))}`, body) : original;
      onSaved(saved, false);
    });
  }

  return (
    <section className="card form-card" aria-labelledby="hd-rec-form-heading">
      <h3 id="hd-rec-form-heading" ref={headingRef} tabIndex={-1}>
        {original ? t('hd.rec.edit_title', { title: original.title }) : t('hd.rec.new')}
      </h3>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={FIELDS} />
        <TextField label={t('hd.field.title')} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} error={fieldError(error, 'title')} />
        <TextAreaField label={t('hd.field.description')} required rows={3} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError(error, 'description')} />
        <SelectField
          label={t('hd.field.category')}
          required
          value={categoryId}
          onChange={(e) => setCategoryId(e.target.value)}
          options={[
            { value: '', label: t('hd.field.choose') },
            ...categories
              .slice()
              .sort((a, b) => a.name.localeCompare(b.name, 'es-MX'))
              .map((c) => ({ value: String(c.id), label: `${c.name} (${c.queue_name})` })),
          ]}
          error={fieldError(error, 'category_id')}
        />
        <div className="hd-inline-row">
          <SelectField
            label={t('hd.rec.frequency')}
            value={frequency}
            onChange={(e) => {
              const f = e.target.value as Frequency;
              setFrequency(f);
              setDay('1');
            }}
            options={FREQUENCIES.map((f) => ({ value: f, label: t(FREQUENCY_LABEL[f]) }))}
            error={fieldError(error, 'frequency')}
          />
          {frequency === 'weekly' ? (
            <SelectField
              label={t('hd.rec.weekday')}
              value={day}
              onChange={(e) => setDay(e.target.value)}
              options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: String(d), label: labelOf(t, WEEKDAY_LABEL, d) }))}
              error={fieldError(error, 'day')}
            />
          ) : null}
          {frequency === 'monthly' ? (
            <TextField
              label={t('hd.rec.month_day')}
              type="number"
              min={1}
              max={31}
              hint={t('hd.rec.month_day_hint')}
              value={day}
              onChange={(e) => setDay(e.target.value)}
              error={fieldError(error, 'day')}
            />
          ) : null}
          <TextField label={t('hd.rec.time')} type="time" required value={time} onChange={(e) => setTime(e.target.value)} error={fieldError(error, 'time')} />
        </div>
        <CheckboxField label={t('hd.rec.active')} checked={active} onChange={(e) => setActive(e.target.checked)} />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {original ? t('common.save') : t('hd.rec.create')}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
