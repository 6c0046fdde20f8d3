// Directorio › Servidores públicos: search, filter by area, paginate; org.write adds and edits.
import { Link, useLocation } from 'react-router-dom';
import { api } from '../../api/client';
import type { ListPage, Person } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ActionsHeading, DataTable } from '../../components/DataTable';
import { ActiveFilter, FilterBar } from '../../components/FilterBar';
import { SelectField, TextField } from '../../components/forms';
import { PagedList } from '../../components/ListState';
import { Page } from '../../components/Page';
import { useListParams } from '../../components/useListParams';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { areaOptions, useAreas } from './useAreas';

const PER_PAGE = 25;

export function PeoplePage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const location = useLocation();
  const { params, setParams, q, page, setPage, draft, setDraft, update, onSearch } = useListParams();
  const areaId = params.get('area_id') ?? '';
  const active = params.get('active') ?? '';
  const areas = useAreas();
  const flash = (location.state as { flash?: string } | null)?.flash ?? '';

  const people = useResource(
    () => api.get<ListPage<Person>>('/people', { q, area_id: areaId, active, page, per_page: PER_PAGE }),
    [q, areaId, active, page],
  );

  const filtered = Boolean(q || areaId || active);
  const canWrite = can('org.write');

  return (
    <Page
      title={t('people.title')}
      actions={
        canWrite ? (
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
      <FilterBar
        label={t('people.search_form')}
        search
        submitLabel={t('common.search')}
        onSubmit={onSearch}
        onClear={filtered ? () => setParams(new URLSearchParams()) : undefined}
      >
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
        <ActiveFilter name="active" value={active} onChange={(e) => update({ active: e.target.value })} />
      </FilterBar>
      <PagedList
        list={people}
        summary={(total) => t('people.count', { total })}
        page={page}
        perPage={PER_PAGE}
        onPage={setPage}
        paginationLabel={t('people.pagination')}
        empty={
          <div className="empty" role="status">
            <p>{t(filtered ? 'people.empty_filtered' : 'people.empty')}</p>
          </div>
        }
      >
        {(data) => (
          <DataTable
            caption={t('people.table')}
            busy={people.loading}
            columns={[
              t('person.field.full_name'),
              t('person.field.area'),
              t('person.field.position'),
              t('person.field.email'),
              t('person.field.extension'),
              t('common.status'),
              ...(canWrite ? [<ActionsHeading />] : []),
            ]}
          >
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
                {canWrite ? (
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
          </DataTable>
        )}
      </PagedList>
    </Page>
  );
}
