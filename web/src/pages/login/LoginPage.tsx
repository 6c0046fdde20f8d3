import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext';
import { ErrorAlert, UserError } from '../../components/ErrorAlert';
import { TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { LanguageSelect } from '../../components/Shell';
import { useI18n } from '../../i18n';

/** Only same-site paths: never send the user to another origin after login. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage() {
  const { t } = useI18n();
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const userInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t('login.title')} — ${t('app.name')}`;
  }, [t]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'authenticated' && !busy) return <Navigate to={safeNext(params.get('next'))} replace />;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError(new UserError(t('login.missing')));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      setError(err);
      setPassword('');
      setBusy(false);
      userInput.current?.focus();
    }
  }

  return (
    <div className="login-page">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <main id="main" className="login-card" tabIndex={-1}>
        <p className="brand-name">{t('app.name')}</p>
        <p className="brand-sub">{t('app.org')}</p>
        <h1>{t('login.title')}</h1>
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <ErrorAlert error={error} />
          <TextField
            ref={userInput}
            label={t('login.username')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <TextField
            label={t('login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <LanguageSelect id="lang-login" />
      </main>
    </div>
  );
}
