// Picks a servidor público from the directory (GET /people?q=): a search box, then the matches to
// choose from. A person already chosen (e.g. from the URL) is read by id so that it shows by name.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { ListPage, Person } from '../../api/types';
import { Field } from '../../components/forms';
import { useI18n } from '../../i18n';

interface Props {
  label: string;
  /** The chosen person's id ('' when none). */
  value: string;
  onChange: (id: string, person: Person | null) => void;
  required?: boolean;
  error?: string;
  hint?: string;
  /** Leaves out a person (e.g. the current custodian in a transfer). */
  exclude?: string | null;
  /** The empty choice's text (filters: "Cualquiera"). */
  emptyLabel?: string;
}

export function PersonSelect({ label, value, onChange, required, error, hint, exclude, emptyLabel }: Props) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Person[]>([]);
  const [searched, setSearched] = useState(false);
  const [chosen, setChosen] = useState<Person | null>(null);

  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) {
      setResults([]);
      setSearched(false);
      return;
    }
    let stale = false;
    const timer = window.setTimeout(() => {
      api
        .get<ListPage<Person>>('/people', { q: text, active: 'true', per_page: 20 })
        .then((r) => {
          if (stale) return;
          setResults(r.items);
          setSearched(true);
        })
        .catch(() => {
          if (stale) return;
          setResults([]);
          setSearched(true);
        });
    }, 250);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [q]);

  // A value given from outside (the URL, a default) is shown by name.
  useEffect(() => {
    if (!value || (chosen && String(chosen.id) === value)) return;
    let stale = false;
    api
      .get<Person>(`/people/${encodeURIComponent(value)}`)
      .then((p) => !stale && setChosen(p))
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [value, chosen]);

  const options = [...(chosen && String(chosen.id) === value && !results.some((p) => String(p.id) === value) ? [chosen] : []), ...results].filter(
    (p) => !exclude || String(p.id) !== exclude,
  );
  const known = options.some((p) => String(p.id) === value);

  return (
    <Field label={label} error={error} hint={hint ?? t('assets.person.hint')} required={required}>
      {(control) => (
        <div className="as-person-select">
          <input
            type="search"
            aria-label={t('assets.person.search', { label })}
            value={q}
            autoComplete="off"
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('assets.person.placeholder')}
          />
          <select
            {...control}
            value={value}
            onChange={(e) => {
              const person = options.find((p) => String(p.id) === e.target.value) ?? null;
              setChosen(person);
              onChange(e.target.value, person);
            }}
          >
            <option value="">
              {emptyLabel ?? (options.length ? t('assets.person.choose') : searched ? t('assets.person.none_found') : t('assets.person.type_first'))}
            </option>
            {value && !known ? <option value={value}>{t('assets.person.id', { id: value })}</option> : null}
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
