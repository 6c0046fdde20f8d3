// Parque informático › Bienes (/activos): the asset register with its filters in the URL, paged,
// with row selection for labels and custody, exports with the same filters, and "Registrar bien".
// A user who may only read their own assets sees "Mis bienes": what is in their custody or lent to them.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import {
  ASSET_SORTS,
  ASSET_STATUSES,
  ASSETS_READ_ALL,
  ASSETS_WRITE,
  WARRANTY_FILTERS,
  assetPaths,
  type AssetSummary,
} from '../../api/assets';
import type { ListPage } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { DataTable } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { CheckboxField, SelectField, TextField } from '../../components/forms';
import { EmptyNote, PagedList } from '../../components/ListState';
import { Page } from '../../components/Page';
import { pageParam } from '../../components/useListParams';
import { useResource } from '../../components/useResource';
import { useI18n, type MessageKey } from '../../i18n';
import { areaOptions, useAreas } from '../org/useAreas';
import { ASSET_STATUS_LABEL, WARRANTY_LABEL } from './labels';
import { AssetStatusBadge, DownloadLink, Flash, WarrantyCell, assetPath, personPath, useAssetTypes } from './parts';
import { PersonSelect } from './PersonSelect';
import { assetApiFilters, assetFiltersFromQuery, assetFiltersToQuery, isAssetFiltered, type AssetFilters } from './query';

const PER_PAGE = 50;

const SORT_LABEL: Record<(typeof ASSET_SORTS)[number], MessageKey> = {
  inventory_number: 'assets.sort.inventory_number',
  '-updated_at': 'assets.sort.-updated_at',
  type: 'assets.sort.type',
};

export function AssetsListPage({ mine = false }: { mine?: boolean }) {
  const { can, me } = useAuth();
  const readAll = can(ASSETS_READ_ALL);
  if (mine || !readAll) {
    // Read-own callers are scoped by the server; others see what is in their own custody.
    const personId = me?.user.person_id;
    return <AssetList key="mine" mine personId={readAll ? (personId != null ? String(personId) : null) : ''} />;
  }
  return <AssetList key="all" mine={false} personId="" />;
}

interface ListProps {
  mine: boolean;
  /** In "Mis bienes" for a reader of everything: the person whose custody to show (null: none linked). */
  personId: string | null;
}

function AssetList({ mine, personId }: ListProps) {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const filters = assetFiltersFromQuery(params);
  const page = pageParam(params);
  const query = assetFiltersToQuery(filters, page);
  const [draft, setDraft] = useState({ q: filters.q, building: filters.building });
  const [selected, setSelected] = useState<Map<string, AssetSummary>>(new Map());
  const flash = (location.state as { flash?: string } | null)?.flash ?? '';
  const canWrite = can(ASSETS_WRITE) && !mine;
  const canExport = can(ASSETS_READ_ALL) && !mine;

  const types = useAssetTypes();
  const areas = useAreas();
  const apiQuery = { ...assetApiFilters(filters), ...(mine && personId ? { custodian_id: personId } : {}) };
  const assets = useResource(
    () =>
      mine && personId === null
        ? Promise.resolve<ListPage<AssetSummary>>({ items: [], total: 0, page: 1, per_page: PER_PAGE })
        : api.get<ListPage<AssetSummary>>(assetPaths.list, { ...apiQuery, page, per_page: PER_PAGE }),
    [query, mine, personId],
  );

  useEffect(() => setDraft({ q: filters.q, building: filters.building }), [filters.q, filters.building]);

  function apply(changes: Partial<AssetFilters>, nextPage = 1) {
    setParams(new URLSearchParams(assetFiltersToQuery({ ...filters, ...changes }, nextPage)));
  }

  function onSearch(e: FormEvent) {
    e.preventDefault();
    apply({ q: draft.q.trim(), building: draft.building.trim() });
  }

  function toggle(a: AssetSummary) {
    setSelected((old) => {
      const next = new Map(old);
      const id = String(a.id);
      if (next.has(id)) next.delete(id);
      else next.set(id, a);
      return next;
    });
  }

  const items = assets.data?.items ?? [];
  const allOnPage = items.length > 0 && items.every((a) => selected.has(String(a.id)));
  const filtered = isAssetFiltered(filters);
  const selectedIds = [...selected.keys()];
  const inStorage = [...selected.values()].filter((a) => a.status === 'en_almacen');
  const labelsQuery = selectedIds.length ? `ids=${selectedIds.join(',')}` : assetFiltersToQuery(filters);

  return (
    <Page
      title={t(mine ? 'assets.mine.title' : 'assets.list.title')}
      actions={
        canWrite || canExport ? (
          <div className="button-row">
            {canWrite ? (
              <Link className="button" to="/activos/nuevo">
                {t('assets.list.new')}
              </Link>
            ) : null}
            {canWrite ? (
              <Link className="button button--secondary" to={`/activos/etiquetas${labelsQuery ? `?${labelsQuery}` : ''}`}>
                {t('assets.list.print_labels')}
              </Link>
            ) : null}
            {canExport ? (
              <>
                <DownloadLink path={assetPaths.export} query={{ format: 'csv', ...assetApiFilters(filters) }}>
                  {t('assets.list.export_csv')}
                </DownloadLink>
                <DownloadLink path={assetPaths.export} query={{ format: 'xlsx', ...assetApiFilters(filters) }}>
                  {t('assets.list.export_xlsx')}
                </DownloadLink>
              </>
            ) : null}
          </div>
        ) : undefined
      }
    >
      <Flash message={flash} />
      {mine ? <p className="page-intro">{t('assets.mine.intro')}</p> : null}
      {mine && personId === null ? (
        <div className="alert alert--error" role="alert">
          <p>{t('assets.mine.no_person')}</p>
        </div>
      ) : null}
      <FilterBar
        label={t('assets.list.filters')}
        search
        submitLabel={t('common.search')}
        onSubmit={onSearch}
        onClear={filtered ? () => setParams(new URLSearchParams()) : undefined}
      >
        <TextField
          label={t('assets.filter.q')}
          type="search"
          value={draft.q}
          hint={t(mine ? 'assets.filter.q_hint_mine' : 'assets.filter.q_hint')}
          onChange={(e) => setDraft({ ...draft, q: e.target.value })}
        />
        <SelectField
          label={t('assets.filter.type')}
          value={filters.type_id}
          onChange={(e) => apply({ type_id: e.target.value })}
          options={[{ value: '', label: t('assets.filter.all_types') }, ...(types.data ?? []).map((ty) => ({ value: String(ty.id), label: ty.name }))]}
        />
        <SelectField
          label={t('assets.filter.status')}
          value={filters.status}
          onChange={(e) => apply({ status: e.target.value })}
          options={[{ value: '', label: t('assets.filter.all_statuses') }, ...ASSET_STATUSES.map((s) => ({ value: s, label: t(ASSET_STATUS_LABEL[s]) }))]}
        />
        {!mine ? (
          <>
            <SelectField
              label={t('assets.filter.area')}
              value={filters.area_id}
              onChange={(e) => apply({ area_id: e.target.value })}
              options={areaOptions(areas.data, t('assets.filter.all_areas'))}
            />
            <PersonSelect
              label={t('assets.filter.custodian')}
              value={filters.custodian_id}
              hint={t('assets.filter.custodian_hint')}
              emptyLabel={t('assets.filter.anyone')}
              onChange={(id) => apply({ custodian_id: id })}
            />
            <TextField label={t('assets.filter.building')} value={draft.building} onChange={(e) => setDraft({ ...draft, building: e.target.value })} />
          </>
        ) : null}
        <SelectField
          label={t('assets.filter.warranty')}
          value={filters.warranty}
          onChange={(e) => apply({ warranty: e.target.value })}
          options={[{ value: '', label: t('assets.filter.warranty_any') }, ...WARRANTY_FILTERS.map((w) => ({ value: w, label: t(WARRANTY_LABEL[w]) }))]}
        />
        <SelectField
          label={t('assets.filter.sort')}
          value={filters.sort || 'inventory_number'}
          onChange={(e) => apply({ sort: e.target.value })}
          options={ASSET_SORTS.map((s) => ({ value: s, label: t(SORT_LABEL[s]) }))}
        />
        {!mine ? (
          <CheckboxField
            label={t('assets.filter.include_disposed')}
            checked={filters.include_disposed === 'true'}
            onChange={(e) => apply({ include_disposed: e.target.checked ? 'true' : '' })}
          />
        ) : null}
      </FilterBar>
      {canWrite && selected.size ? (
        <section className="card as-selection" aria-labelledby="as-selection-heading">
          <h2 id="as-selection-heading">{t('assets.selection.title', { count: selected.size })}</h2>
          <div className="button-row">
            <button type="button" className="button" onClick={() => navigate(`/activos/etiquetas?ids=${selectedIds.join(',')}`)}>
              {t('assets.selection.labels')}
            </button>
            <button
              type="button"
              className="button"
              disabled={!inStorage.length}
              onClick={() => navigate(`/activos/resguardos/asignar?ids=${inStorage.map((a) => String(a.id)).join(',')}`)}
            >
              {t('assets.selection.assign')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setSelected(new Map())}>
              {t('assets.selection.clear')}
            </button>
          </div>
          {inStorage.length < selected.size ? (
            <p className="muted hd-small">{t('assets.selection.assign_note', { count: inStorage.length })}</p>
          ) : null}
        </section>
      ) : null}
      <PagedList
        list={assets}
        summary={(total, capped) =>
          capped ? t('assets.count_capped', { total: total - 1 }) : t('assets.count', { total })
        }
        page={page}
        perPage={PER_PAGE}
        onPage={(p) => apply({}, p)}
        paginationLabel={t('assets.list.pagination')}
        empty={
          <EmptyNote>
            {t(filtered ? 'assets.list.empty_filtered' : mine ? 'assets.mine.empty' : 'assets.list.empty')}
            {!filtered && canWrite ? (
              <>
                {' '}
                <Link to="/activos/nuevo">{t('assets.list.register_first')}</Link>
              </>
            ) : null}
          </EmptyNote>
        }
      >
        {(data) => (
          <DataTable
            caption={t(mine ? 'assets.mine.title' : 'assets.list.table')}
            className="as-table"
            busy={assets.loading}
            columns={[
              ...(canWrite
                ? [
                    <input
                      type="checkbox"
                      aria-label={t('assets.selection.page')}
                      checked={allOnPage}
                      onChange={() =>
                        setSelected((old) => {
                          const next = new Map(old);
                          for (const a of items) {
                            if (allOnPage) next.delete(String(a.id));
                            else next.set(String(a.id), a);
                          }
                          return next;
                        })
                      }
                    />,
                  ]
                : []),
              t('assets.col.inventory_number'),
              t('assets.col.type'),
              t('assets.col.brand_model'),
              t('assets.col.serial'),
              t('assets.col.status'),
              t('assets.col.area'),
              t('assets.col.custodian'),
              t('assets.col.warranty'),
            ]}
          >
            {data.items.map((a) => {
              const id = String(a.id);
              return (
                <tr key={id} className={selected.has(id) ? 'as-row--selected' : undefined}>
                  {canWrite ? (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('assets.selection.select', { number: a.inventory_number })}
                        checked={selected.has(id)}
                        onChange={() => toggle(a)}
                      />
                    </td>
                  ) : null}
                  <td className="as-col-number">
                    <Link to={assetPath(a.id)}>{a.inventory_number}</Link>
                  </td>
                  <td>{a.type_name}</td>
                  <td>{[a.brand, a.model].filter(Boolean).join(' ') || '—'}</td>
                  <td>{a.serial || '—'}</td>
                  <td>
                    <AssetStatusBadge status={a.status} />
                  </td>
                  <td>{a.area_name ?? '—'}</td>
                  <td>
                    {a.custodian_id != null && a.custodian_name ? (
                      can(ASSETS_READ_ALL) ? (
                        <Link to={personPath(a.custodian_id)}>{a.custodian_name}</Link>
                      ) : (
                        a.custodian_name
                      )
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <WarrantyCell end={a.warranty_end} />
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </PagedList>
    </Page>
  );
}

