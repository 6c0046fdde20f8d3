// Catálogo y SLA › Categorías: the service catalog (helpdesk.manage): list, create, edit, with
// each category's queue, kind, impact × urgency, own SLA targets and extra fields.
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { api } from '../../api/client';
import { CATEGORY_KINDS, LEVELS, type Category, type CategoryKind, type Queue } from '../../api/helpdesk';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/forms';
import { EmptyNote, ListState } from '../../components/ListState';
import { useFormAction } from '../../components/useFormAction';
import { useI18n } from '../../i18n';
import { FieldSpecEditor, editorFields, specsOf, type EditorField } from './FieldSpecEditor';
import { cleanFieldSpec, validateFieldSpecs, type SpecProblem } from './fieldSpecs';
import { formatMinutes, joinMinutes, splitMinutes } from './format';
import { useCategories } from './hooks';
import { IMPACT_LABEL, KIND_LABEL, PRIORITY_LABEL, URGENCY_LABEL, labelOf } from './labels';

type Editing = { mode: 'create' } | { mode: 'edit'; category: Category } | null;

export function CategoriesAdmin({ queues }: { queues: Queue[] | undefined }) {
  const { t } = useI18n();
  const categories = useCategories(true);
  const [editing, setEditing] = useState<Editing>(null);
  const [flash, setFlash] = useState('');
  const [queueFilter, setQueueFilter] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  function start(value: Editing) {
    setFlash('');
    setEditing(value);
    requestAnimationFrame(() => heading.current?.focus());
  }

  const shown = (categories.data ?? [])
    .filter((c) => !queueFilter || String(c.queue_id) === queueFilter)
    .slice()
    .sort((a, b) => a.queue_name.localeCompare(b.queue_name, 'es-MX') || a.name.localeCompare(b.name, 'es-MX'));

  return (
    <section aria-labelledby="hd-cat-heading">
      <div className="section-header">
        <h2 id="hd-cat-heading">{t('hd.cat.categories')}</h2>
        <button type="button" className="button" onClick={() => start({ mode: 'create' })}>
          {t('hd.cat.new')}
        </button>
      </div>
      <div role="status" className={flash ? 'alert alert--success' : 'visually-hidden'}>
        {flash}
      </div>
      {editing ? (
        <CategoryForm
          key={editing.mode === 'edit' ? `edit-${String(editing.category.id)}` : 'new'}
          original={editing.mode === 'edit' ? editing.category : null}
          queues={queues ?? []}
          headingRef={heading}
          onCancel={() => setEditing(null)}
          onSaved={(c, created) => {
            setEditing(null);
            setFlash(t(created ? 'hd.cat.created' : 'hd.cat.updated', { name: c.name }));
            categories.reload();
          }}
        />
      ) : null}
      <div className="filters hd-filters-narrow">
        <SelectField
          label={t('hd.filter.queue')}
          value={queueFilter}
          onChange={(e) => setQueueFilter(e.target.value)}
          options={[{ value: '', label: t('hd.filter.all_queues') }, ...(queues ?? []).map((q) => ({ value: String(q.id), label: q.name }))]}
        />
      </div>
      <ListState list={{ ...categories, data: categories.data ? shown : undefined }} empty={<EmptyNote>{t('hd.cat.empty')}</EmptyNote>}>
        {(items) => (
          <DataTable
            caption={t('hd.cat.categories')}
            columns={[
              t('hd.cat.name'),
              t('hd.field.queue'),
              t('hd.field.kind'),
              t('hd.field.priority'),
              t('hd.cat.sla'),
              t('hd.cat.fields'),
              t('common.status'),
              t('common.actions'),
            ]}
          >
            {items.map((c) => (
              <tr key={String(c.id)}>
                <td>
                  {c.name}
                  <div className="muted hd-small">
                    <code>{c.code}</code>
                  </div>
                </td>
                <td>{c.queue_name}</td>
                <td>{labelOf(t, KIND_LABEL, c.kind)}</td>
                <td>{labelOf(t, PRIORITY_LABEL, c.priority)}</td>
                <td>
                  {c.response_minutes != null || c.resolution_minutes != null
                    ? `${formatMinutes(c.response_minutes, t)} / ${formatMinutes(c.resolution_minutes, t)}`
                    : t('hd.cat.sla_default')}
                </td>
                <td>{(c.fields ?? []).length}</td>
                <td>{c.active ? t('common.active') : t('common.inactive')}</td>
                <td>
                  <button type="button" className="link-button" aria-label={t('hd.cat.edit_named', { name: c.name })} onClick={() => start({ mode: 'edit', category: c })}>
                    {t('common.edit')}
                  </button>
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
  original: Category | null;
  queues: Queue[];
  headingRef: RefObject<HTMLHeadingElement | null>;
  onCancel: () => void;
  onSaved: (category: Category, created: boolean) => void;
}

const FORM_FIELDS = ['code', 'name', 'description', 'queue_id', 'kind', 'impact', 'urgency', 'response_minutes', 'resolution_minutes', 'active', 'fields'];

function CategoryForm({ original, queues, headingRef, onCancel, onSaved }: FormProps) {
  const { t } = useI18n();
  const [code, setCode] = useState(original?.code ?? '');
  const [name, setName] = useState(original?.name ?? '');
  const [description, setDescription] = useState(original?.description ?? '');
  const [queueId, setQueueId] = useState(original ? String(original.queue_id) : '');
  const [kind, setKind] = useState<CategoryKind>(original?.kind ?? 'solicitud');
  const [impact, setImpact] = useState(String(original?.impact ?? 3));
  const [urgency, setUrgency] = useState(String(original?.urgency ?? 3));
  const [response, setResponse] = useState(splitMinutes(original?.response_minutes));
  const [resolution, setResolution] = useState(splitMinutes(original?.resolution_minutes));
  const [active, setActive] = useState(original?.active ?? true);
  const [fields, setFields] = useState<EditorField[]>(() => editorFields(original?.fields ?? []));
  const [problems, setProblems] = useState<SpecProblem[]>([]);
  const [localError, setLocalError] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const specs = specsOf(fields);
    const found = validateFieldSpecs(specs);
    setProblems(found);
    const responseMinutes = joinMinutes(response.hours, response.minutes);
    const resolutionMinutes = joinMinutes(resolution.hours, resolution.minutes);
    if (Number.isNaN(responseMinutes) || Number.isNaN(resolutionMinutes)) {
      setLocalError(t('hd.cat.minutes_invalid'));
      return;
    }
    setLocalError('');
    if (found.length) return;
    await run(async () => {
      const values: Record<string, unknown> = {
        code: code.trim(),
        name: name.trim(),
        description: description.trim(),
        queue_id: queues.find((q) => String(q.id) === queueId)?.id ?? (queueId ? Number(queueId) : null),
        kind,
        impact: Number(impact),
        urgency: Number(urgency),
        response_minutes: responseMinutes,
        resolution_minutes: resolutionMinutes,
        fields: specs.map(cleanFieldSpec),
        active,
      };
      if (!original) {
        const body = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== null && !(k === 'description' && v === '')));
        onSaved(await api.post<Category>('/helpdesk/categories', body), true);
        return;
      }
      const before: Record<string, unknown> = {
        code: original.code,
        name: original.name,
        description: original.description ?? '',
        queue_id: original.queue_id,
        kind: original.kind,
        impact: original.impact,
        urgency: original.urgency,
        response_minutes: original.response_minutes,
        resolution_minutes: original.resolution_minutes,
        fields: (original.fields ?? []).map(cleanFieldSpec),
        active: original.active,
      };
      const body = Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
      const saved = Object.keys(body).length ? await api.patch<Category>(`/helpdesk/categories/${encodeURIComponent(String(original.id))}`, body) : original;
      onSaved(saved, false);
    });
  }

  const minutesPair = (
    label: string,
    value: { hours: string; minutes: string },
    set: (v: { hours: string; minutes: string }) => void,
    field: string,
  ) => (
    <fieldset className="fieldset hd-hm">
      <legend>{label}</legend>
      <TextField label={t('hd.hm.hours')} type="number" min={0} inputMode="numeric" value={value.hours} onChange={(e) => set({ ...value, hours: e.target.value })} />
      <TextField
        label={t('hd.hm.minutes')}
        type="number"
        min={0}
        max={59}
        inputMode="numeric"
        value={value.minutes}
        onChange={(e) => set({ ...value, minutes: e.target.value })}
        error={fieldError(error, field)}
      />
    </fieldset>
  );

  return (
    <section className="card form-card hd-wide-form" aria-labelledby="hd-cat-form-heading">
      <h2 id="hd-cat-form-heading" ref={headingRef} tabIndex={-1}>
        {original ? t('hd.cat.edit_title', { name: original.name }) : t('hd.cat.new')}
      </h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={[...FORM_FIELDS, ...fields.flatMap((_, i) => ['label', 'key', 'options', 'max_length', 'type'].map((p) => `fields[${i}].${p}`))]} />
        {localError || problems.length ? (
          <div className="alert alert--error" role="alert">
            <p>{localError || t('hd.spec.fix')}</p>
          </div>
        ) : null}
        <TextField label={t('hd.cat.code')} required maxLength={50} hint={t('hd.cat.code_hint')} value={code} onChange={(e) => setCode(e.target.value)} error={fieldError(error, 'code')} />
        <TextField label={t('hd.cat.name')} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} error={fieldError(error, 'name')} />
        <TextAreaField label={t('hd.cat.description')} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError(error, 'description')} />
        <SelectField
          label={t('hd.field.queue')}
          required
          value={queueId}
          onChange={(e) => setQueueId(e.target.value)}
          options={[{ value: '', label: t('hd.field.choose') }, ...queues.map((q) => ({ value: String(q.id), label: `${q.name} (${q.area_name})` }))]}
          error={fieldError(error, 'queue_id')}
        />
        <SelectField
          label={t('hd.field.kind')}
          required
          value={kind}
          onChange={(e) => setKind(e.target.value as CategoryKind)}
          options={CATEGORY_KINDS.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))}
          error={fieldError(error, 'kind')}
        />
        <div className="hd-inline-row">
          <SelectField
            label={t('hd.field.impact')}
            value={impact}
            onChange={(e) => setImpact(e.target.value)}
            options={LEVELS.map((l) => ({ value: String(l), label: labelOf(t, IMPACT_LABEL, l) }))}
            error={fieldError(error, 'impact')}
          />
          <SelectField
            label={t('hd.field.urgency')}
            value={urgency}
            onChange={(e) => setUrgency(e.target.value)}
            options={LEVELS.map((l) => ({ value: String(l), label: labelOf(t, URGENCY_LABEL, l) }))}
            error={fieldError(error, 'urgency')}
          />
        </div>
        <p className="field-hint">{t('hd.cat.sla_hint')}</p>
        <div className="hd-inline-row">
          {minutesPair(t('hd.cat.response'), response, setResponse, 'response_minutes')}
          {minutesPair(t('hd.cat.resolution'), resolution, setResolution, 'resolution_minutes')}
        </div>
        <CheckboxField label={t('hd.cat.active')} checked={active} onChange={(e) => setActive(e.target.checked)} error={fieldError(error, 'active')} />
        <FieldSpecEditor fields={fields} onChange={setFields} problems={problems} serverError={(n) => fieldError(error, n)} />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {original ? t('common.save') : t('hd.cat.create')}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
