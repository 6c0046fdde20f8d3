// Directorio › Servidores públicos: search, filter by area, paginate; org.write adds and edits.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { ListPage, Person } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { Pagination } from '../../components/Pagination';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { areaOptions, useAreas } from './useAreas';

const PER_PAGE = 25;

export function PeoplePage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const areaId = params.get('area_id') ?? '';
  const active = params.get('active') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [draft, setDraft] = useState(q);
  const areas = useAreas();
  const flash = (location.state as { flash?: string } | null)?.flash ?? '';

  useEffect(() => setDraft(q), [q]);

  const people = useResource(
    () => api.get<ListPage<Person>>('/people', { q, area_id: areaId, active, page, per_page: PER_PAGE }),
    [q, areaId, active, page],
  );

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

  const filtered = Boolean(q || areaId || active);
  const data = people.data;

  return (
    <Page
      title={t('people.title')}
      actions={
        can('org.write') ? (
          <Link className="button" to="/directorio/personas/nueva">
            {t('people.new')}
          </Link>
        ) : null
      }
    >
      {flash ? (
        <div role="status" className="alert alert--success">
          {flash}
        </div>
      ) : null}
      <form className="filters" role="search" aria-label={t('people.search_form')} onSubmit={onSearch}>
        <TextField
          label={t('people.search')}
          type="search"
          name="q"
          value={draft}
          hint={t('people.search_hint')}
          onChange={(e) => setDraft(e.target.value)}
        />
        <SelectField
          label={t('people.filter_area')}
          name="area_id"
          value={areaId}
          onChange={(e) => update({ area_id: e.target.value })}
          options={areaOptions(areas.data, t('people.all_areas'))}
        />
        <SelectField
          label={t('people.filter_status')}
          name="active"
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
          {filtered ? (
            <button type="button" className="button button--secondary" onClick={() => setParams(new URLSearchParams())}>
              {t('common.clear_filters')}
            </button>
          ) : null}
        </div>
      </form>
      <ErrorAlert error={people.error} />
      {people.loading && !data ? <Loading /> : null}
      {data && data.items.length === 0 ? (
        <div className="empty" role="status">
          <p>{t(filtered ? 'people.empty_filtered' : 'people.empty')}</p>
        </div>
      ) : null}
      {data && data.items.length > 0 ? (
        <>
          <p className="muted" role="status">
            {t('people.count', { total: data.total })}
          </p>
          <div className="table-wrap">
            <table aria-busy={people.loading}>
              <caption className="visually-hidden">{t('people.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('person.field.full_name')}</th>
                  <th scope="col">{t('person.field.area')}</th>
                  <th scope="col">{t('person.field.position')}</th>
                  <th scope="col">{t('person.field.email')}</th>
                  <th scope="col">{t('person.field.extension')}</th>
                  <th scope="col">{t('common.status')}</th>
                  {can('org.write') ? (
                    <th scope="col">
                      <span className="visually-hidden">{t('common.actions')}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {data.items.map((p) => (
                  <tr key={String(p.id)}>
                    <td>{p.full_name}</td>
                    <td>{p.area_name ?? '—'}</td>
                    <td>
                      {p.position_id != null && p.position_title ? (
                        <Link to={`/directorio/puestos/${encodeURIComponent(String(p.position_id))}`}>{p.position_title}</Link>
                      ) : (
                        p.job_title || '—'
                      )}
                    </td>
                    <td>{p.email ? <a href={`mailto:${p.email}`}>{p.email}</a> : '—'}</td>
                    <td>{p.extension || '—'}</td>
                    <td>{p.active ? t('common.active') : t('common.inactive')}</td>
                    {can('org.write') ? (
                      <td>
                        <Link
                          to={`/directorio/personas/${encodeURIComponent(String(p.id))}/editar`}
                          aria-label={t('people.edit_named', { name: p.full_name })}
                        >
                          {t('common.edit')}
                        </Link>
                      </td>
                    ) : null}
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
            label={t('people.pagination')}
          />
        </>
      ) : null}
    </Page>
  );
}
