// Administración › Usuarios (users.write): list, create, edit, deactivate, reset password.
import { Link, useLocation } from 'react-router-dom';
import { api } from '../../api/client';
import type { Items, ListPage, Role, User } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ActiveFilter, FilterBar } from '../../components/FilterBar';
import { SelectField, TextField } from '../../components/forms';
import { EmptyNote, PagedList } from '../../components/ListState';
import { Page } from '../../components/Page';
import { useListParams } from '../../components/useListParams';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';

const PER_PAGE = 25;

export function useRoles() {
  return useResource(() => api.get<Items<Role>>('/roles').then((r) => r.items), []);
}

export function UsersPage() {
  const { t, formatDate } = useI18n();
  const location = useLocation();
  const { params, q, page, setPage, draft, setDraft, update, onSearch } = useListParams();
  const role = params.get('role') ?? '';
  const active = params.get('active') ?? '';
  const roles = useRoles();
  const users = useResource(
    () => api.get<ListPage<User>>('/users', { q, role, active, page, per_page: PER_PAGE }),
    [q, role, active, page],
  );
  const flash = (location.state as { flash?: string } | null)?.flash ?? '';

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
      <FilterBar label={t('users.search_form')} search submitLabel={t('common.search')} onSubmit={onSearch}>
        <TextField label={t('users.search')} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <SelectField
          label={t('user.field.role')}
          value={role}
          onChange={(e) => update({ role: e.target.value })}
          options={[{ value: '', label: t('users.all_roles') }, ...(roles.data ?? []).map((r) => ({ value: r.code, label: r.name }))]}
        />
        <ActiveFilter value={active} onChange={(e) => update({ active: e.target.value })} />
      </FilterBar>
      <PagedList
        list={users}
        empty={<EmptyNote>{t('users.empty')}</EmptyNote>}
        page={page}
        perPage={PER_PAGE}
        onPage={setPage}
        paginationLabel={t('users.pagination')}
      >
        {(data) => (
          <DataTable
            caption={t('users.table')}
            columns={[
              t('user.field.username'),
              t('user.field.display_name'),
              t('user.field.role'),
              t('user.field.area'),
              t('common.status'),
              t('users.created'),
            ]}
          >
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
          </DataTable>
        )}
      </PagedList>
    </Page>
  );
}
