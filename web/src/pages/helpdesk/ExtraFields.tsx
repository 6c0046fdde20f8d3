// A category's extra fields: one input per field spec in the request form, and the values as
// a definition list on the ticket page. person/area values are ids.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { FieldSpec } from '../../api/helpdesk';
import type { Area, ListPage, Person } from '../../api/types';
import { CheckboxField, Field, SelectField, TextAreaField, TextField } from '../../components/forms';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { areaOptions } from '../org/useAreas';

interface InputProps {
  spec: FieldSpec;
  value: string | boolean;
  onChange: (value: string | boolean) => void;
  error?: string;
  areas: Area[] | undefined;
}

export function ExtraFieldInput({ spec, value, onChange, error, areas }: InputProps) {
  const { t } = useI18n();
  const text = typeof value === 'string' ? value : '';
  const common = { label: spec.label, required: spec.required, error, name: `fields.${spec.key}` };
  switch (spec.type) {
    case 'textarea':
      return <TextAreaField {...common} rows={4} maxLength={spec.max_length} value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
      return <TextField {...common} type="number" inputMode="decimal" value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'date':
      return <TextField {...common} type="date" value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'email':
      return <TextField {...common} type="email" autoComplete="off" maxLength={spec.max_length} value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'select':
      return (
        <SelectField
          {...common}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          options={[{ value: '', label: t('hd.field.choose') }, ...(spec.options ?? []).map((o) => ({ value: o, label: o }))]}
        />
      );
    case 'area':
      return <SelectField {...common} value={text} onChange={(e) => onChange(e.target.value)} options={areaOptions(areas, t('hd.field.choose'))} />;
    case 'person':
      return <PersonPicker {...common} value={text} onChange={onChange} />;
    case 'boolean':
      return <CheckboxField label={spec.label} error={error} name={common.name} checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
    default:
      return <TextField {...common} maxLength={spec.max_length} value={text} onChange={(e) => onChange(e.target.value)} />;
  }
}

interface PickerProps {
  label: string;
  required?: boolean;
  error?: string;
  hint?: string;
  name?: string;
  /** The chosen person's id ('' when none). */
  value: string;
  onChange: (value: string) => void;
}

/** Picks a servidor público: a search box, then a list of the matches to choose from. */
export function PersonPicker({ label, required, error, hint, name, value, onChange }: PickerProps) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Person[]>([]);
  const [chosen, setChosen] = useState<Person | null>(null);

  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) {
      setResults([]);
      return;
    }
    let stale = false;
    const timer = window.setTimeout(() => {
      api
        .get<ListPage<Person>>('/people', { q: text, active: 'true', per_page: 20 })
        .then((r) => !stale && setResults(r.items))
        .catch(() => !stale && setResults([]));
    }, 250);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [q]);

  const options = [...(chosen && !results.some((p) => String(p.id) === String(chosen.id)) ? [chosen] : []), ...results];

  return (
    <Field label={label} error={error} hint={hint ?? t('hd.person.hint')} required={required}>
      {(control) => (
        <div className="hd-person-picker">
          <input
            type="search"
            aria-label={t('hd.person.search', { label })}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('hd.person.placeholder')}
          />
          <select
            {...control}
            name={name}
            value={value}
            onChange={(e) => {
              setChosen(options.find((p) => String(p.id) === e.target.value) ?? null);
              onChange(e.target.value);
            }}
          >
            <option value="">{options.length ? t('hd.person.choose') : t('hd.person.none_found')}</option>
            {options.map((p) => (
              <option key={String(p.id)} value={String(p.id)}>
                {p.full_name}
                {p.area_name ? ` — ${p.area_name}` : ''}
              </option>
            ))}
          </select>
        </div>
      )}
    </Field>
  );
}

/** A person's name by id; the id itself when the person cannot be read. */
function PersonName({ id }: { id: string }) {
  const person = useResource(() => api.get<Person>(`/people/${encodeURIComponent(id)}`), [id]);
  return <>{person.data?.full_name ?? `#${id}`}</>;
}

function formatDay(day: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-MX', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

function FieldValue({ spec, value, areas }: { spec: FieldSpec | undefined; value: unknown; areas: Area[] | undefined }) {
  const { t, lang } = useI18n();
  if (value === null || value === undefined || value === '') return <>—</>;
  switch (spec?.type) {
    case 'boolean':
      return <>{t(value === true ? 'common.yes' : 'common.no')}</>;
    case 'area':
      return <>{areas?.find((a) => String(a.id) === String(value))?.name ?? `#${String(value)}`}</>;
    case 'person':
      return <PersonName id={String(value)} />;
    case 'date':
      return <>{formatDay(String(value), lang)}</>;
    default:
      return <span className="hd-pre">{typeof value === 'object' ? JSON.stringify(value) : String(value)}</span>;
  }
}

/** The ticket's extra values, in the category's order, then any the category no longer lists. */
export function ExtraFieldValues({
  specs,
  values,
  areas,
}: {
  specs: FieldSpec[] | undefined;
  values: Record<string, unknown>;
  areas: Area[] | undefined;
}) {
  const known = specs ?? [];
  const keys = [...known.map((s) => s.key).filter((k) => k in values), ...Object.keys(values).filter((k) => !known.some((s) => s.key === k))];
  if (!keys.length) return null;
  return (
    <dl className="details">
      {keys.map((key) => {
        const spec = known.find((s) => s.key === key);
        return (
          <div key={key} className="details-row">
            <dt>{spec?.label ?? key}</dt>
            <dd>
              <FieldValue spec={spec} value={values[key]} areas={areas} />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
