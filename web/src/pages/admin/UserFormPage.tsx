// Create a user, or edit one: profile fields, role, area, (de)activation and password reset.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { Card } from '../../components/Card';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { NewPasswordFields, PasswordForm } from '../../components/PasswordForm';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { areaOptions, idOf, useAreas } from '../org/useAreas';
import { useRoles } from './UsersPage';

const FIELDS = ['username', 'display_name', 'email', 'role', 'area_id', 'password'];

export function UserFormPage() {
  const { id } = useParams();
  const user = useResource(() => (id ? api.get<User>(`/users/${encodeURIComponent(id)}`) : Promise.resolve(null)), [id]);
  if (user.loading && user.data === undefined) return <Loading />;
  if (user.error) return <ErrorAlert error={user.error} />;
  return <UserForm key={id ?? 'new'} original={user.data ?? null} onChanged={user.reload} />;
}

function UserForm({ original, onChanged }: { original: User | null; onChanged: () => void }) {
  const { t, formatDate } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  const roles = useRoles();
  const areas = useAreas();
  const [username, setUsername] = useState(original?.username ?? '');
  const [displayName, setDisplayName] = useState(original?.display_name ?? '');
  const [email, setEmail] = useState(original?.email ?? '');
  const [role, setRole] = useState(original?.role ?? '');
  const [areaId, setAreaId] = useState(original?.area_id != null ? String(original.area_id) : '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const isSelf = original != null && me != null && String(me.user.id) === String(original.id);

  const roleOptions = [
    ...(original ? [] : [{ value: '', label: t('user.field.role_choose') }]),
    ...(roles.data ?? []).map((r) => ({ value: r.code, label: r.name })),
  ];
  const roleDescription = roles.data?.find((r) => r.code === role)?.description;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setStatus('');
    if (!original && password !== confirm) {
      setLocal({ confirm: t('user.password_mismatch') });
      return;
    }
    setLocal({});
    setBusy(true);
    try {
      if (!original) {
        const body: Record<string, unknown> = { username: username.trim(), display_name: displayName.trim(), role, password };
        if (email.trim()) body.email = email.trim();
        if (areaId) body.area_id = idOf(areas.data, areaId);
        const created = await api.post<User>('/users', body);
        navigate('/admin/users', { state: { flash: t('user.created', { name: created.username }) } });
        return;
      }
      const body: Record<string, unknown> = {};
      if (displayName.trim() !== original.display_name) body.display_name = displayName.trim();
      if (email.trim() !== (original.email ?? '')) body.email = email.trim() || null;
      if (role !== original.role) body.role = role;
      const before = original.area_id != null ? String(original.area_id) : '';
      if (areaId !== before) body.area_id = areaId ? idOf(areas.data, areaId) : null;
      if (Object.keys(body).length) await api.patch<User>(`/users/${encodeURIComponent(String(original.id))}`, body);
      setStatus(t('user.updated', { name: original.username }));
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const title = original ? t('user.edit_title', { name: original.username }) : t('users.new');
  return (
    <Page title={title}>
      <p>
        <Link to="/admin/users">← {t('users.back')}</Link>
      </p>
      <div role="status" className={status ? 'alert alert--success' : 'visually-hidden'}>
        {status}
      </div>
      <form className="card form-card" onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={FIELDS} />
        <ErrorAlert error={roles.error ?? areas.error} />
        {original ? (
          <dl className="details">
            <dt>{t('user.field.username')}</dt>
            <dd>{original.username}</dd>
            <dt>{t('common.status')}</dt>
            <dd>{original.active ? t('common.active') : t('common.inactive')}</dd>
            {original.locked_until && new Date(original.locked_until) > new Date() ? (
              <>
                <dt>{t('user.locked')}</dt>
                <dd>{t('user.locked_until', { date: formatDate(original.locked_until) })}</dd>
              </>
            ) : null}
            <dt>{t('users.created')}</dt>
            <dd>{formatDate(original.created_at)}</dd>
          </dl>
        ) : (
          <TextField
            label={t('user.field.username')}
            required
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={fieldError(error, 'username')}
          />
        )}
        <TextField
          label={t('user.field.display_name')}
          required
          maxLength={200}
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={fieldError(error, 'display_name')}
        />
        <TextField
          label={t('user.field.email')}
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError(error, 'email')}
        />
        <SelectField
          label={t('user.field.role')}
          required
          value={role}
          onChange={(e) => setRole(e.target.value)}
          options={roleOptions}
          hint={roleDescription}
          error={fieldError(error, 'role')}
        />
        <SelectField
          label={t('user.field.area')}
          value={areaId}
          onChange={(e) => setAreaId(e.target.value)}
          options={areaOptions(areas.data, t('user.field.area_none'))}
          error={fieldError(error, 'area_id')}
        />
        {!original ? (
          <NewPasswordFields
            label={t('user.field.password')}
            confirmLabel={t('user.field.password_confirm')}
            value={password}
            onChange={setPassword}
            confirm={confirm}
            onConfirmChange={setConfirm}
            error={fieldError(error, 'password')}
            confirmError={local.confirm}
          />
        ) : null}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {original ? t('common.save') : t('user.create')}
          </button>
          <Link className="button button--secondary" to="/admin/users">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
      {original ? (
        <>
          <ActivationCard user={original} isSelf={isSelf} onChanged={onChanged} />
          <ResetPasswordCard user={original} />
        </>
      ) : null}
    </Page>
  );
}

function ActivationCard({ user, isSelf, onChanged }: { user: User; isSelf: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const { busy, error, run } = useFormAction();

  async function toggle() {
    if (user.active && !window.confirm(t('user.confirm_deactivate', { name: user.username }))) return;
    await run(async () => {
      await api.patch<User>(`/users/${encodeURIComponent(String(user.id))}`, { active: !user.active });
      onChanged();
    });
  }

  return (
    <Card id="user-activation" title={t('user.activation')}>
      <p>{user.active ? t('user.activation.active_text') : t('user.activation.inactive_text')}</p>
      <ErrorAlert error={error} />
      {isSelf ? (
        <p className="muted">{t('user.activation.self')}</p>
      ) : (
        <button
          type="button"
          className={user.active ? 'button button--danger' : 'button'}
          disabled={busy}
          onClick={() => void toggle()}
        >
          {user.active ? t('user.deactivate') : t('user.activate')}
        </button>
      )}
    </Card>
  );
}

function ResetPasswordCard({ user }: { user: User }) {
  const { t } = useI18n();
  return (
    <PasswordForm
      headingId="user-reset"
      title={t('user.reset')}
      intro={<p>{t('user.reset.text')}</p>}
      field="password"
      label={t('user.reset.new')}
      confirmLabel={t('user.reset.confirm')}
      submitLabel={t('user.reset.submit')}
      submit={async (password) => {
        await api.post<void>(`/users/${encodeURIComponent(String(user.id))}/password`, { password });
        return t('user.reset.done', { name: user.username });
      }}
    />
  );
}
