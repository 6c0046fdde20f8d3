// Perfil: who I am, language, change password, my sessions, my API tokens.
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import type { ApiToken, Items, NewApiToken, Session } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { CheckboxField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { LanguageSelect } from '../../components/Shell';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';

export function ProfilePage() {
  const { t } = useI18n();
  const { me } = useAuth();
  if (!me) return null;
  const u = me.user;
  return (
    <Page title={t('profile.title')}>
      <section className="card" aria-labelledby="profile-me">
        <h2 id="profile-me">{t('profile.me')}</h2>
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
      </section>
      <ChangePassword />
      <Sessions />
      <Tokens />
    </Page>
  );
}

function ChangePassword() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setDone('');
    setError(null);
    setMismatch(next !== confirm);
    if (next !== confirm) return;
    setBusy(true);
    try {
      await api.post<void>('/auth/password', { current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(t('profile.password.done'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card form-card" aria-labelledby="profile-password">
      <h2 id="profile-password">{t('profile.password')}</h2>
      <div role="status" className={done ? 'alert alert--success' : 'visually-hidden'}>
        {done}
      </div>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['current_password', 'new_password']} />
        <TextField
          label={t('profile.password.current')}
          type="password"
          required
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={fieldError(error, 'current_password')}
        />
        <TextField
          label={t('profile.password.new')}
          type="password"
          required
          autoComplete="new-password"
          hint={t('password.policy')}
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={fieldError(error, 'new_password')}
        />
        <TextField
          label={t('profile.password.confirm')}
          type="password"
          required
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={mismatch ? t('user.password_mismatch') : undefined}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('profile.password.submit')}
        </button>
      </form>
    </section>
  );
}

function Sessions() {
  const { t, formatDate } = useI18n();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const sessions = useResource(() => api.get<Items<Session>>('/auth/sessions'), []);
  const [error, setError] = useState<unknown>(null);

  async function revoke(s: Session) {
    if (s.current && !window.confirm(t('profile.sessions.confirm_current'))) return;
    setError(null);
    try {
      await api.del(`/auth/sessions/${encodeURIComponent(String(s.id))}`);
      if (s.current) {
        await logout().catch(() => undefined);
        navigate('/login', { replace: true });
        return;
      }
      sessions.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card" aria-labelledby="profile-sessions">
      <h2 id="profile-sessions">{t('profile.sessions')}</h2>
      <p>{t('profile.sessions.text')}</p>
      <ErrorAlert error={error ?? sessions.error} />
      {sessions.loading && !sessions.data ? <Loading /> : null}
      {sessions.data ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('profile.sessions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('profile.sessions.created')}</th>
                <th scope="col">{t('profile.sessions.last_seen')}</th>
                <th scope="col">{t('profile.sessions.expires')}</th>
                <th scope="col">{t('audit.col.ip')}</th>
                <th scope="col">{t('profile.sessions.agent')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
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
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={t('profile.sessions.revoke_named', { date: formatDate(s.created_at) })}
                      onClick={() => void revoke(s)}
                    >
                      {t('profile.revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function Tokens() {
  const { t, formatDate } = useI18n();
  const tokens = useResource(() => api.get<Items<ApiToken>>('/auth/tokens'), []);
  const [name, setName] = useState('');
  const [read, setRead] = useState(true);
  const [write, setWrite] = useState(false);
  const [days, setDays] = useState('90');
  const [error, setError] = useState<unknown>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const tokenInput = useRef<HTMLInputElement>(null);

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setCreated(null);
    setCopied(false);
    setBusy(true);
    const scopes = [...(read ? ['read'] : []), ...(write ? ['write'] : [])];
    const body: Record<string, unknown> = { name: name.trim(), scopes };
    if (days.trim()) body.expires_in_days = Number(days);
    try {
      const token = await api.post<NewApiToken>('/auth/tokens', body);
      setCreated(token);
      setName('');
      tokens.reload();
      requestAnimationFrame(() => tokenInput.current?.focus());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
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
    setListError(null);
    try {
      await api.del(`/auth/tokens/${encodeURIComponent(String(token.id))}`);
      tokens.reload();
    } catch (err) {
      setListError(err);
    }
  }

  return (
    <section className="card" aria-labelledby="profile-tokens">
      <h2 id="profile-tokens">{t('profile.tokens')}</h2>
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
      <ErrorAlert error={listError ?? tokens.error} />
      {tokens.data && tokens.data.items.length === 0 ? <p className="empty">{t('profile.tokens.empty')}</p> : null}
      {tokens.data && tokens.data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('profile.tokens')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('profile.tokens.name')}</th>
                <th scope="col">{t('profile.tokens.scopes')}</th>
                <th scope="col">{t('profile.sessions.created')}</th>
                <th scope="col">{t('profile.tokens.last_used')}</th>
                <th scope="col">{t('profile.sessions.expires')}</th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
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
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-label={t('profile.tokens.revoke_named', { name: tk.name })}
                        onClick={() => void revoke(tk)}
                      >
                        {t('profile.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
