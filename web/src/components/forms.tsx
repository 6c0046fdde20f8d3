// Labelled form controls. A field's server error is shown under it and tied to it with
// aria-describedby / aria-invalid, so screen readers and tests find it by the label.
import { useId, type ComponentProps, type ReactNode } from 'react';

interface FieldFrameProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  children: ReactNode;
}

function FieldFrame({ id, label, error, hint, required, children }: FieldFrameProps) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <span className="label-row">
        <label htmlFor={id}>{label}</label>
        {/* Outside the label so the accessible name is just the label; `required` says it to AT. */}
        {required ? (
          <span aria-hidden="true" className="required-mark">
            *
          </span>
        ) : null}
      </span>
      {children}
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

type BaseProps = { label: string; error?: string; hint?: string };

/** What a field gives its control: the id its label points at, and the ARIA state for its error and hint. */
export interface ControlProps {
  id: string;
  required?: boolean;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/** One labelled field around any control; `children` draws the control with the props it is given. */
export function Field({
  label,
  error,
  hint,
  id,
  required,
  children,
}: BaseProps & { id?: string; required?: boolean; children: (control: ControlProps) => ReactNode }) {
  const auto = useId();
  const fieldId = id ?? auto;
  const control: ControlProps = {
    id: fieldId,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(fieldId, error, hint),
  };
  return (
    <FieldFrame id={fieldId} label={label} error={error} hint={hint} required={required}>
      {children(control)}
    </FieldFrame>
  );
}

export function TextField({ label, error, hint, id, required, ...rest }: BaseProps & ComponentProps<'input'>) {
  return (
    <Field label={label} error={error} hint={hint} id={id} required={required}>
      {(control) => <input {...control} {...rest} />}
    </Field>
  );
}

export function TextAreaField({ label, error, hint, id, required, ...rest }: BaseProps & ComponentProps<'textarea'>) {
  return (
    <Field label={label} error={error} hint={hint} id={id} required={required}>
      {(control) => <textarea {...control} {...rest} />}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  label,
  error,
  hint,
  id,
  required,
  options,
  ...rest
}: BaseProps & ComponentProps<'select'> & { options: Option[] }) {
  return (
    <Field label={label} error={error} hint={hint} id={id} required={required}>
      {(control) => (
        <select {...control} {...rest}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({ label, error, id, ...rest }: BaseProps & ComponentProps<'input'>) {
  const auto = useId();
  const fieldId = id ?? auto;
  return (
    <div className={`field field--checkbox${error ? ' field--invalid' : ''}`}>
      <input
        type="checkbox"
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${fieldId}-error` : undefined}
        {...rest}
      />
      <label htmlFor={fieldId}>{label}</label>
      {error ? (
        <p className="field-error" id={`${fieldId}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
