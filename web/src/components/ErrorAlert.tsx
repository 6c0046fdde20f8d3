// Shows what went wrong, in the server's own Spanish words when it sent a problem+json.
import { ApiError } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';

const STATUS_KEYS: Record<number, MessageKey> = {
  0: 'error.network',
  400: 'error.400',
  401: 'error.401',
  403: 'error.403',
  404: 'error.404',
  409: 'error.409',
  413: 'error.413',
  422: 'error.422',
  423: 'error.423',
  429: 'error.429',
};

/** An error raised by the UI itself, with a message already translated for the user. */
export class UserError extends Error {}

export function useErrorMessage(): (error: unknown) => string {
  const { t } = useI18n();
  return (error: unknown) => {
    if (error instanceof ApiError) {
      if (error.problem.detail) return error.problem.detail;
      if (error.problem.title) return error.problem.title;
      const key = STATUS_KEYS[error.status] ?? (error.status >= 500 ? 'error.500' : 'error.generic');
      return t(key);
    }
    if (error instanceof UserError) return error.message;
    return t('error.generic');
  };
}

interface Props {
  error: unknown;
  /** Fields shown in the form: their errors appear beside them, the rest are listed here. */
  fields?: string[];
}

export function ErrorAlert({ error, fields = [] }: Props) {
  const message = useErrorMessage();
  if (!error) return null;
  const others = error instanceof ApiError ? error.fieldErrors.filter((e) => !fields.includes(e.field)) : [];
  return (
    <div className="alert alert--error" role="alert">
      <p>{message(error)}</p>
      {others.length ? (
        <ul>
          {others.map((e, i) => (
            <li key={`${e.field}-${i}`}>
              {e.field ? <strong>{e.field}: </strong> : null}
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldError(field) : undefined;
}
