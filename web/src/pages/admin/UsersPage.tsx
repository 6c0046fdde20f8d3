// Administración › Usuarios (users.write): list, create, edit, deactivate, reset password.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { Items, ListPage, Role, User } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { Pagination } from '../../components/Pagination';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';

const PER_PAGE = 25;

export function useRoles() {
  return useResource(() => api.get<Items<Role>>('/roles').then((r) => r.items), []);
}

export function UsersPage() {
  const { t, formatDate } = useI18n();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const role = params.get('role') ?? '';
  const active = params.get('active') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [draft, setDraft] = useState(q);
  const roles = useRoles();
  const users = useResource(
    () => api.get<ListPage<User>>('/users', { q, role, active, page, per_page: PER_PAGE }),
    [q, role, active, page],
  );
  const flash = (location.state as { flash?: string } | null)?.flash ?? '';

  useEffect(() => setDraft(q), [q]);

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  }

  function onSearch(e: FormEvent) {
    e.preventDefault();
    update({ q: draft.trim() });
  }

  const data = users.data;
  return (
    <Page
      title={t('users.title')}
      actions={
        <Link className="button" to="/admin/users/nuevo">
          {t('users.new')}
        </Link>
      }
    >
      {flash ? (
        <div role="status" className="alert alert--success">
          {flash}
        </div>
      ) : null}
      <form className="filters" role="search" aria-label={t('users.search_form')} onSubmit={onSearch}>
        <TextField label={t('users.search')} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <SelectField
          label={t('user.field.role')}
          value={role}
          onChange={(e) => update({ role: e.target.value })}
          options={[{ value: '', label: t('users.all_roles') }, ...(roles.data ?? []).map((r) => ({ value: r.code, label: r.name }))]}
        />
        <SelectField
          label={t('people.filter_status')}
          value={active}
          onChange={(e) => update({ active: e.target.value })}
          options={[
            { value: '', label: t('people.status_all') },
            { value: 'true', label: t('people.status_active') },
            { value: 'false', label: t('people.status_inactive') },
          ]}
        />
        <div className="filters-actions">
          <button type="submit" className="button">
            {t('common.search')}
          </button>
        </div>
      </form>
      <ErrorAlert error={users.error} />
      {users.loading && !data ? <Loading /> : null}
      {data && data.items.length === 0 ? (
        <p className="empty" role="status">
          {t('users.empty')}
        </p>
      ) : null}
      {data && data.items.length > 0 ? (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('users.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('user.field.username')}</th>
                  <th scope="col">{t('user.field.display_name')}</th>
                  <th scope="col">{t('user.field.role')}</th>
                  <th scope="col">{t('user.field.area')}</th>
                  <th scope="col">{t('common.status')}</th>
                  <th scope="col">{t('users.created')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((u) => (
                  <tr key={String(u.id)}>
                    <td>
                      <Link to={`/admin/users/${encodeURIComponent(String(u.id))}`}>{u.username}</Link>
                    </td>
                    <td>{u.display_name}</td>
                    <td>{u.role_name}</td>
                    <td>{u.area_name ?? '—'}</td>
                    <td>
                      {u.active ? t('common.active') : t('common.inactive')}
                      {u.locked_until && new Date(u.locked_until) > new Date() ? (
                        <span className="badge badge--inactive"> {t('user.locked')}</span>
                      ) : null}
                    </td>
                    <td>{formatDate(u.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={data.page || page}
            perPage={data.per_page || PER_PAGE}
            total={data.total}
            onPage={(p) => update({ page: String(p) })}
            label={t('users.pagination')}
          />
        </>
      ) : null}
    </Page>
  );
}
