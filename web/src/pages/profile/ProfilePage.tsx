// Perfil: who I am, language, change password, my sessions, my API tokens.
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import type { ApiToken, Items, NewApiToken, Session } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { Card } from '../../components/Card';
import { ActionsHeading, DataTable } from '../../components/DataTable';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { CheckboxField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { PasswordForm } from '../../components/PasswordForm';
import { LanguageSelect } from '../../components/Shell';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';

export function ProfilePage() {
  const { t } = useI18n();
  const { me } = useAuth();
  if (!me) return null;
  const u = me.user;
  return (
    <Page title={t('profile.title')}>
      <Card id="profile-me" title={t('profile.me')}>
        <dl className="details">
          <dt>{t('user.field.username')}</dt>
          <dd>{u.username}</dd>
          <dt>{t('user.field.display_name')}</dt>
          <dd>{u.display_name}</dd>
          <dt>{t('user.field.role')}</dt>
          <dd>{u.role_name}</dd>
          <dt>{t('user.field.area')}</dt>
          <dd>{u.area_name ?? '—'}</dd>
          <dt>{t('user.field.email')}</dt>
          <dd>{u.email || '—'}</dd>
        </dl>
        <LanguageSelect id="lang-profile" />
      </Card>
      <ChangePassword />
      <Sessions />
      <Tokens />
    </Page>
  );
}

function ChangePassword() {
  const { t } = useI18n();
  return (
    <PasswordForm
      headingId="profile-password"
      title={t('profile.password')}
      current={{ label: t('profile.password.current'), field: 'current_password' }}
      field="new_password"
      label={t('profile.password.new')}
      confirmLabel={t('profile.password.confirm')}
      submitLabel={t('profile.password.submit')}
      submit={async (next, current) => {
        await api.post<void>('/auth/password', { current_password: current, new_password: next });
        return t('profile.password.done');
      }}
    />
  );
}

function Sessions() {
  const { t, formatDate } = useI18n();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const sessions = useResource(() => api.get<Items<Session>>('/auth/sessions'), []);
  const { error, run } = useFormAction();

  async function revoke(s: Session) {
    if (s.current && !window.confirm(t('profile.sessions.confirm_current'))) return;
    await run(async () => {
      await api.del(`/auth/sessions/${encodeURIComponent(String(s.id))}`);
      if (s.current) {
        await logout().catch(() => undefined);
        navigate('/login', { replace: true });
        return;
      }
      sessions.reload();
    });
  }

  return (
    <Card id="profile-sessions" title={t('profile.sessions')}>
      <p>{t('profile.sessions.text')}</p>
      <ErrorAlert error={error ?? sessions.error} />
      {sessions.loading && !sessions.data ? <Loading /> : null}
      {sessions.data ? (
        <DataTable
          caption={t('profile.sessions')}
          columns={[
            t('profile.sessions.created'),
            t('profile.sessions.last_seen'),
            t('profile.sessions.expires'),
            t('audit.col.ip'),
            t('profile.sessions.agent'),
            <ActionsHeading />,
          ]}
        >
          {sessions.data.items.map((s) => (
            <tr key={String(s.id)}>
              <td>
                {formatDate(s.created_at)}
                {s.current ? <span className="badge"> {t('profile.sessions.current')}</span> : null}
              </td>
              <td>{formatDate(s.last_seen_at)}</td>
              <td>{formatDate(s.expires_at)}</td>
              <td>{s.ip ?? '—'}</td>
              <td className="agent">{s.user_agent ?? '—'}</td>
              <td>
                <RevokeButton
                  name={t('profile.sessions.revoke_named', { date: formatDate(s.created_at) })}
                  onClick={() => void revoke(s)}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </Card>
  );
}

function Tokens() {
  const { t, formatDate } = useI18n();
  const tokens = useResource(() => api.get<Items<ApiToken>>('/auth/tokens'), []);
  const [name, setName] = useState('');
  const [read, setRead] = useState(true);
  const [write, setWrite] = useState(false);
  const [days, setDays] = useState('90');
  const { busy, error, run } = useFormAction();
  const revoking = useFormAction();
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [copied, setCopied] = useState(false);
  const tokenInput = useRef<HTMLInputElement>(null);

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    setCopied(false);
    const scopes = [...(read ? ['read'] : []), ...(write ? ['write'] : [])];
    const body: Record<string, unknown> = { name: name.trim(), scopes };
    if (days.trim()) body.expires_in_days = Number(days);
    await run(async () => {
      const token = await api.post<NewApiToken>('/auth/tokens', body);
      setCreated(token);
      setName('');
      tokens.reload();
      requestAnimationFrame(() => tokenInput.current?.focus());
    });
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
    } catch {
      tokenInput.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  }

  async function revoke(token: ApiToken) {
    if (!window.confirm(t('profile.tokens.confirm_revoke', { name: token.name }))) return;
    await revoking.run(async () => {
      await api.del(`/auth/tokens/${encodeURIComponent(String(token.id))}`);
      tokens.reload();
    });
  }

  return (
    <Card id="profile-tokens" title={t('profile.tokens')}>
      <p>{t('profile.tokens.text')}</p>
      {created ? (
        <div className="alert alert--success token-once" role="status">
          <p>{t('profile.tokens.created', { name: created.name })}</p>
          <TextField ref={tokenInput} label={t('profile.tokens.value')} readOnly value={created.token} onFocus={(e) => e.target.select()} />
          <div className="button-row">
            <button type="button" className="button" onClick={() => void copy()}>
              {t('profile.tokens.copy')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setCreated(null)}>
              {t('profile.tokens.done')}
            </button>
            <span aria-live="polite">{copied ? t('profile.tokens.copied') : ''}</span>
          </div>
        </div>
      ) : null}
      <form className="form-card" onSubmit={(e) => void onCreate(e)} noValidate>
        <h3>{t('profile.tokens.new')}</h3>
        <ErrorAlert error={error} fields={['name', 'scopes', 'expires_in_days']} />
        <TextField
          label={t('profile.tokens.name')}
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError(error, 'name')}
        />
        <fieldset className="fieldset" aria-describedby={fieldError(error, 'scopes') ? 'token-scopes-error' : undefined}>
          <legend>{t('profile.tokens.scopes')}</legend>
          <CheckboxField label={t('profile.tokens.scope_read')} checked={read} onChange={(e) => setRead(e.target.checked)} />
          <CheckboxField label={t('profile.tokens.scope_write')} checked={write} onChange={(e) => setWrite(e.target.checked)} />
          {fieldError(error, 'scopes') ? (
            <p className="field-error" id="token-scopes-error">
              {fieldError(error, 'scopes')}
            </p>
          ) : null}
        </fieldset>
        <TextField
          label={t('profile.tokens.days')}
          type="number"
          min={1}
          inputMode="numeric"
          hint={t('profile.tokens.days_hint')}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={fieldError(error, 'expires_in_days')}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('profile.tokens.create')}
        </button>
      </form>
      <ErrorAlert error={revoking.error ?? tokens.error} />
      {tokens.data && tokens.data.items.length === 0 ? <p className="empty">{t('profile.tokens.empty')}</p> : null}
      {tokens.data && tokens.data.items.length > 0 ? (
        <DataTable
          caption={t('profile.tokens')}
          columns={[
            t('profile.tokens.name'),
            t('profile.tokens.scopes'),
            t('profile.sessions.created'),
            t('profile.tokens.last_used'),
            t('profile.sessions.expires'),
            t('common.status'),
          ]}
        >
          {tokens.data.items.map((tk) => (
            <tr key={String(tk.id)}>
              <td>{tk.name}</td>
              <td>{tk.scopes.join(', ')}</td>
              <td>{formatDate(tk.created_at)}</td>
              <td>{formatDate(tk.last_used_at)}</td>
              <td>{tk.expires_at ? formatDate(tk.expires_at) : t('profile.tokens.never')}</td>
              <td>
                {tk.revoked_at ? (
                  t('profile.tokens.revoked', { date: formatDate(tk.revoked_at) })
                ) : (
                  <RevokeButton
                    name={t('profile.tokens.revoke_named', { name: tk.name })}
                    onClick={() => void revoke(tk)}
                  />
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </Card>
  );
}

/** A row's "revoke" button, named for screen readers after what it revokes. */
function RevokeButton({ name, onClick }: { name: string; onClick: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="button button--secondary" aria-label={name} onClick={onClick}>
      {t('profile.revoke')}
    </button>
  );
}
