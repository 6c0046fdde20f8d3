// Directorio › Puestos: the positions of the organization manual, and one position's cédula.
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { fetchAll } from '../../api/lists';
import type { Position } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FilterBar } from '../../components/FilterBar';
import { SelectField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { EmptyNote, ListState } from '../../components/ListState';
import { Page } from '../../components/Page';
import { useListParams } from '../../components/useListParams';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { areaOptions, useAreas } from './useAreas';

export function PositionsPage() {
  const { t } = useI18n();
  const { params, q, draft, setDraft, update, onSearch } = useListParams({ paged: false });
  const areaId = params.get('area_id') ?? '';
  const areas = useAreas();
  const positions = useResource(() => fetchAll<Position>('/positions', { q, area_id: areaId }), [q, areaId]);

  return (
    <Page title={t('positions.title')}>
      <p className="page-intro">{t('positions.intro')}</p>
      <FilterBar label={t('positions.search_form')} search submitLabel={t('common.search')} onSubmit={onSearch}>
        <TextField label={t('positions.search')} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <SelectField
          label={t('people.filter_area')}
          value={areaId}
          onChange={(e) => update({ area_id: e.target.value })}
          options={areaOptions(areas.data, t('people.all_areas'))}
        />
      </FilterBar>
      <ListState list={positions} empty={<EmptyNote>{t('positions.empty')}</EmptyNote>}>
        {(items) => (
          <DataTable
            caption={t('positions.table')}
            columns={[t('position.field.title'), t('person.field.area'), t('position.field.superior')]}
          >
            {items.map((p) => (
              <tr key={String(p.id)}>
                <td>
                  <Link to={`/directorio/puestos/${encodeURIComponent(String(p.id))}`}>{p.title}</Link>
                </td>
                <td>{p.area_name ?? '—'}</td>
                <td>{p.superior_title ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListState>
    </Page>
  );
}

export function PositionPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const position = useResource(() => api.get<Position>(`/positions/${encodeURIComponent(id)}`), [id]);
  const p = position.data;

  if (position.loading && !p) return <Loading />;
  if (position.error || !p) {
    return (
      <Page title={t('positions.title')}>
        <ErrorAlert error={position.error} />
        <p>
          <Link to="/directorio/puestos">← {t('positions.back')}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={p.title}>
      <p>
        <Link to="/directorio/puestos">← {t('positions.back')}</Link>
      </p>
      <dl className="details">
        <dt>{t('person.field.area')}</dt>
        <dd>{p.area_name ?? '—'}</dd>
        <dt>{t('position.field.superior')}</dt>
        <dd>
          {p.superior_position_id != null ? (
            <Link to={`/directorio/puestos/${encodeURIComponent(String(p.superior_position_id))}`}>
              {p.superior_title ?? t('position.superior_link')}
            </Link>
          ) : (
            t('position.no_superior')
          )}
        </dd>
      </dl>
      <section aria-labelledby="pos-objective">
        <h2 id="pos-objective">{t('position.field.objective')}</h2>
        <p>{p.objective || '—'}</p>
      </section>
      <section aria-labelledby="pos-functions">
        <h2 id="pos-functions">{t('position.field.functions')}</h2>
        {p.functions?.length ? (
          <ul className="functions">
            {p.functions.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        ) : (
          <p>{t('position.no_functions')}</p>
        )}
      </section>
      <section aria-labelledby="pos-decision">
        <h2 id="pos-decision">{t('position.field.decision_field')}</h2>
        <p>{p.decision_field || '—'}</p>
      </section>
      {p.area_id != null ? (
        <p>
          <Link to={`/directorio/personas?area_id=${encodeURIComponent(String(p.area_id))}`}>{t('position.people_in_area')}</Link>
        </p>
      ) : null}
    </Page>
  );
}
