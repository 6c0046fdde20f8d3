// The filter form above a list: its fields, the button that applies them, and optionally one
// that clears them.
import type { ComponentProps, FormEvent, ReactNode } from 'react';
import { useI18n } from '../i18n';
import { SelectField } from './forms';

interface Props {
  /** Names the form for assistive technology. */
  label: string;
  /** A search landmark (role="search"); otherwise a plain named form. */
  search?: boolean;
  submitLabel: string;
  onSubmit: (e: FormEvent) => void;
  /** Shows a "clear filters" button that does this. */
  onClear?: () => void;
  children: ReactNode;
}

export function FilterBar({ label, search = false, submitLabel, onSubmit, onClear, children }: Props) {
  const { t } = useI18n();
  return (
    <form className="filters" role={search ? 'search' : undefined} aria-label={label} onSubmit={onSubmit}>
      {children}
      <div className="filters-actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
        {onClear ? (
          <button type="button" className="button button--secondary" onClick={onClear}>
            {t('common.clear_filters')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** The filter by status of a list of things that are active or not: all, active only, inactive only. */
export function ActiveFilter(props: Omit<ComponentProps<typeof SelectField>, 'label' | 'options'>) {
  const { t } = useI18n();
  return (
    <SelectField
      label={t('people.filter_status')}
      options={[
        { value: '', label: t('people.status_all') },
        { value: 'true', label: t('people.status_active') },
        { value: 'false', label: t('people.status_inactive') },
      ]}
      {...props}
    />
  );
}
