// Mesa de servicio › Nueva solicitud: choose a service from the catalog (grouped by the queue of
// the department that attends it, searchable), then describe the need and fill its extra fields.
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { CHANNELS, LEVELS, TICKET_KINDS, type Category, type Queue, type Ticket, type TicketKind } from '../../api/helpdesk';
import { useAuth } from '../../auth/AuthContext';
import { Card } from '../../components/Card';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { SelectField, TextAreaField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { EmptyNote } from '../../components/ListState';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useI18n } from '../../i18n';
import { useAreas } from '../org/useAreas';
import { ExtraFieldInput, PersonPicker } from './ExtraFields';
import { fieldValuesForApi, initialFieldValues, type FieldValues } from './fieldSpecs';
import { useCategories, useQueues } from './hooks';
import { CHANNEL_LABEL, IMPACT_LABEL, KIND_LABEL, URGENCY_LABEL, labelOf } from './labels';
import { ticketPath } from './parts';

/** Folds case and accents so that "instalacion" finds "Instalación". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

export function NewRequestPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const categoryId = params.get('categoria') ?? '';
  const categories = useCategories();
  const queues = useQueues();
  const category = categories.data?.find((c) => String(c.id) === categoryId);

  return (
    <Page title={t('hd.new.title')}>
      <ErrorAlert error={categories.error} />
      {categories.loading && !categories.data ? <Loading /> : null}
      {categories.data && categoryId && !category ? (
        <div className="alert alert--error" role="alert">
          <p>{t('hd.new.category_missing')}</p>
        </div>
      ) : null}
      {categories.data && !category ? <CategoryPicker categories={categories.data} queues={queues.data} /> : null}
      {category ? <RequestForm key={String(category.id)} category={category} /> : null}
    </Page>
  );
}

function CategoryPicker({ categories, queues }: { categories: Category[]; queues: Queue[] | undefined }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');

  const groups = useMemo(() => {
    const words = fold(search).split(/\s+/).filter(Boolean);
    const matches = categories.filter((c) => {
      const text = fold(`${c.name} ${c.description} ${c.code} ${c.queue_name}`);
      return words.every((w) => text.includes(w));
    });
    const byQueue = new Map<string, { name: string; department: string; items: Category[] }>();
    for (const c of matches) {
      const key = String(c.queue_id);
      if (!byQueue.has(key)) {
        const queue = queues?.find((q) => String(q.id) === key);
        byQueue.set(key, { name: c.queue_name, department: queue?.area_name ?? '', items: [] });
      }
      byQueue.get(key)!.items.push(c);
    }
    const list = [...byQueue.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name, 'es-MX'));
    for (const [, g] of list) g.items.sort((a, b) => a.name.localeCompare(b.name, 'es-MX'));
    return list;
  }, [categories, queues, search]);

  return (
    <>
      <p className="page-intro">{t('hd.new.intro')}</p>
      <form className="filters" role="search" aria-label={t('hd.new.search_form')} onSubmit={(e) => e.preventDefault()}>
        <TextField
          label={t('hd.new.search')}
          type="search"
          value={search}
          hint={t('hd.new.search_hint')}
          onChange={(e) => setSearch(e.target.value)}
        />
      </form>
      {groups.length === 0 ? <EmptyNote>{t(categories.length ? 'hd.new.no_match' : 'hd.new.empty_catalog')}</EmptyNote> : null}
      {groups.map(([key, group]) => (
        <section key={key} className="hd-catalog-group" aria-labelledby={`hd-queue-${key}`}>
          <h2 id={`hd-queue-${key}`}>
            {group.name}
            {group.department && group.department !== group.name ? <span className="muted hd-dept"> · {group.department}</span> : null}
          </h2>
          <ul className="link-cards hd-catalog">
            {group.items.map((c) => (
              <li key={String(c.id)} className="card">
                <Link to={`/mesa/nueva?categoria=${encodeURIComponent(String(c.id))}`}>{c.name}</Link>
                <span className="badge hd-kind">{labelOf(t, KIND_LABEL, c.kind)}</span>
                {c.description ? <p>{c.description}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

function RequestForm({ category }: { category: Category }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const areas = useAreas();
  const staff = can('helpdesk.work');
  const [kind, setKind] = useState<TicketKind | ''>(category.kind === 'ambos' ? '' : category.kind);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [values, setValues] = useState<FieldValues>(() => initialFieldValues(category.fields ?? []));
  const [channel, setChannel] = useState('');
  const [requester, setRequester] = useState('');
  const [impact, setImpact] = useState('');
  const [urgency, setUrgency] = useState('');
  const { busy, error, run } = useFormAction();
  const specs = category.fields ?? [];
  const shown = ['kind', 'title', 'description', 'channel', 'requester_person_id', 'impact', 'urgency', ...specs.map((s) => `fields.${s.key}`)];

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(
      async () => {
        const body: Record<string, unknown> = {
          kind: kind || undefined,
          title: title.trim(),
          description: description.trim(),
          category_id: category.id,
          fields: fieldValuesForApi(specs, values),
        };
        if (staff) {
          if (channel) body.channel = channel;
          if (requester) body.requester_person_id = Number(requester);
          if (impact) body.impact = Number(impact);
          if (urgency) body.urgency = Number(urgency);
        }
        const ticket = await api.post<Ticket>('/helpdesk/tickets', body);
        navigate(ticketPath(ticket.id), { state: { flash: t('hd.new.created', { number: ticket.number }) } });
      },
      { leaves: true },
    );
  }

  return (
    <>
      <Card id="hd-chosen" title={category.name}>
        {category.description ? <p>{category.description}</p> : null}
        <p className="muted">
          {t('hd.new.attended_by', { queue: category.queue_name })} · <Link to="/mesa/nueva">{t('hd.new.change_category')}</Link>
        </p>
      </Card>
      <form className="card form-card" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('hd.new.form')}>
        <ErrorAlert error={error} fields={shown} />
        <fieldset className="fieldset">
          <legend>
            {t('hd.field.kind')} <span aria-hidden="true" className="required-mark">*</span>
          </legend>
          {TICKET_KINDS.map((k) => (
            <label key={k} className="hd-radio">
              <input
                type="radio"
                name="kind"
                value={k}
                checked={kind === k}
                disabled={category.kind !== 'ambos'}
                onChange={() => setKind(k)}
                required
              />{' '}
              {t(KIND_LABEL[k])}
            </label>
          ))}
          {category.kind !== 'ambos' ? <p className="field-hint">{t('hd.new.kind_fixed')}</p> : null}
          {fieldError(error, 'kind') ? <p className="field-error">{fieldError(error, 'kind')}</p> : null}
        </fieldset>
        <TextField
          label={t('hd.field.title')}
          required
          maxLength={200}
          hint={t('hd.field.title_hint')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={fieldError(error, 'title')}
        />
        <TextAreaField
          label={t('hd.field.description')}
          required
          rows={6}
          hint={t('hd.field.description_hint')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={fieldError(error, 'description')}
        />
        {specs.length ? (
          <fieldset className="fieldset">
            <legend>{t('hd.new.extra')}</legend>
            {specs.map((spec) => (
              <ExtraFieldInput
                key={spec.key}
                spec={spec}
                value={values[spec.key] ?? ''}
                onChange={(v) => setValues((old) => ({ ...old, [spec.key]: v }))}
                error={fieldError(error, `fields.${spec.key}`)}
                areas={areas.data}
              />
            ))}
          </fieldset>
        ) : null}
        {staff ? (
          <fieldset className="fieldset">
            <legend>{t('hd.new.staff')}</legend>
            <PersonPicker
              label={t('hd.field.requester')}
              hint={t('hd.new.requester_hint')}
              value={requester}
              onChange={setRequester}
              error={fieldError(error, 'requester_person_id')}
            />
            <SelectField
              label={t('hd.field.channel')}
              value={channel}
              onChange={(e) => setChannel(e.target.value)}
              options={[{ value: '', label: t('hd.new.channel_default') }, ...CHANNELS.map((c) => ({ value: c, label: labelOf(t, CHANNEL_LABEL, c) }))]}
              error={fieldError(error, 'channel')}
            />
            <SelectField
              label={t('hd.field.impact')}
              value={impact}
              onChange={(e) => setImpact(e.target.value)}
              options={[
                { value: '', label: t('hd.new.category_default', { value: labelOf(t, IMPACT_LABEL, category.impact) }) },
                ...LEVELS.map((l) => ({ value: String(l), label: labelOf(t, IMPACT_LABEL, l) })),
              ]}
              error={fieldError(error, 'impact')}
            />
            <SelectField
              label={t('hd.field.urgency')}
              value={urgency}
              onChange={(e) => setUrgency(e.target.value)}
              options={[
                { value: '', label: t('hd.new.category_default', { value: labelOf(t, URGENCY_LABEL, category.urgency) }) },
                ...LEVELS.map((l) => ({ value: String(l), label: labelOf(t, URGENCY_LABEL, l) })),
              ]}
              error={fieldError(error, 'urgency')}
            />
          </fieldset>
        ) : null}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t('hd.new.submit')}
          </button>
          <Link className="button button--secondary" to="/mesa/nueva">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
