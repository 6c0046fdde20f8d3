// Password entry: a new password (with the policy as its hint) typed twice, alone or in a whole
// "change the password" card with its current password, status line and submit button.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Card } from './Card';
import { ErrorAlert, fieldError } from './ErrorAlert';
import { TextField } from './forms';

interface NewPasswordFieldsProps {
  label: string;
  confirmLabel: string;
  value: string;
  onChange: (value: string) => void;
  confirm: string;
  onConfirmChange: (value: string) => void;
  error?: string;
  confirmError?: string;
}

/** The new password and its confirmation. */
export function NewPasswordFields({
  label,
  confirmLabel,
  value,
  onChange,
  confirm,
  onConfirmChange,
  error,
  confirmError,
}: NewPasswordFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <TextField
        label={label}
        type="password"
        required
        autoComplete="new-password"
        hint={t('password.policy')}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
      />
      <TextField
        label={confirmLabel}
        type="password"
        required
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => onConfirmChange(e.target.value)}
        error={confirmError}
      />
    </>
  );
}

interface PasswordFormProps {
  /** The id of the card's heading, which names the card. */
  headingId: string;
  title: string;
  intro?: ReactNode;
  /** Asks for the current password too: its label and the server's name for it. */
  current?: { label: string; field: string };
  /** The server's name for the new password, for its field error. */
  field: string;
  label: string;
  confirmLabel: string;
  submitLabel: string;
  /** Sends the new password (and the current one, when asked); what to say when it is done. */
  submit: (password: string, current: string) => Promise<string>;
}

/** A card that changes a password: the confirmation must match before anything is sent. */
export function PasswordForm({
  headingId,
  title,
  intro,
  current: currentField,
  field,
  label,
  confirmLabel,
  submitLabel,
  submit,
}: PasswordFormProps) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setDone('');
    setError(null);
    setMismatch(password !== confirm);
    if (password !== confirm) return;
    setBusy(true);
    try {
      const message = await submit(password, current);
      setCurrent('');
      setPassword('');
      setConfirm('');
      setDone(message);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card id={headingId} title={title} className="form-card">
      {intro}
      <div role="status" className={done ? 'alert alert--success' : 'visually-hidden'}>
        {done}
      </div>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={currentField ? [currentField.field, field] : [field]} />
        {currentField ? (
          <TextField
            label={currentField.label}
            type="password"
            required
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            error={fieldError(error, currentField.field)}
          />
        ) : null}
        <NewPasswordFields
          label={label}
          confirmLabel={confirmLabel}
          value={password}
          onChange={setPassword}
          confirm={confirm}
          onConfirmChange={setConfirm}
          error={fieldError(error, field)}
          confirmError={mismatch ? t('user.password_mismatch') : undefined}
        />
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
      </form>
    </Card>
  );
}
