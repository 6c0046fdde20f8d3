// Mesa de servicio › Mis solicitudes: the tickets I filed, or those of my area; by status and text.
import { Link, useLocation } from 'react-router-dom';
import { api } from '../../api/client';
import { STATUSES, type TicketSummary } from '../../api/helpdesk';
import type { ListPage } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { SelectField, TextField, type Option } from '../../components/forms';
import { PagedList } from '../../components/ListState';
import { Page } from '../../components/Page';
import { useListParams } from '../../components/useListParams';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { STATUS_LABEL } from './labels';
import { Highlight, StatusBadge, TicketLink } from './parts';

const PER_PAGE = 25;

export function useStatusOptions(all: string): Option[] {
  const { t } = useI18n();
  return [
    { value: '', label: all },
    { value: 'open', label: t('hd.status.open') },
    ...STATUSES.map((s) => ({ value: s, label: t(STATUS_LABEL[s]) })),
  ];
}

export function MyRequestsPage() {
  const { t, formatDate } = useI18n();
  const location = useLocation();
  const { params, setParams, q, page, setPage, draft, setDraft, update, onSearch } = useListParams();
  const scope = params.get('scope') === 'area' ? 'area' : 'mine';
  const status = params.get('status') ?? '';
  const flash = (location.state as { flash?: string } | null)?.flash ?? '';
  const statusOptions = useStatusOptions(t('hd.status.all'));

  const tickets = useResource(
    () => api.get<ListPage<TicketSummary>>('/helpdesk/tickets', { scope, status, q, page, per_page: PER_PAGE }),
    [scope, status, q, page],
  );
  const filtered = Boolean(q || status);

  return (
    <Page
      title={t('hd.mine.title')}
      actions={
        <Link className="button" to="/mesa/nueva">
          {t('hd.new.title')}
        </Link>
      }
    >
      {flash ? (
        <div role="status" className="alert alert--success">
          {flash}
        </div>
      ) : null}
      <FilterBar
        label={t('hd.mine.filters')}
        search
        submitLabel={t('common.search')}
        onSubmit={onSearch}
        onClear={filtered || scope !== 'mine' ? () => setParams(new URLSearchParams()) : undefined}
      >
        <TextField label={t('hd.filter.q')} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} hint={t('hd.filter.q_hint')} />
        <SelectField
          label={t('hd.filter.scope')}
          value={scope}
          onChange={(e) => update({ scope: e.target.value === 'mine' ? '' : e.target.value })}
          options={[
            { value: 'mine', label: t('hd.scope.mine') },
            { value: 'area', label: t('hd.scope.area') },
          ]}
        />
        <SelectField label={t('hd.filter.status')} value={status} onChange={(e) => update({ status: e.target.value })} options={statusOptions} />
      </FilterBar>
      <PagedList
        list={tickets}
        summary={(total) => t('hd.count', { total })}
        page={page}
        perPage={PER_PAGE}
        onPage={setPage}
        paginationLabel={t('hd.mine.pagination')}
        empty={
          <div className="empty" role="status">
            <p>{t(filtered ? 'hd.mine.empty_filtered' : scope === 'area' ? 'hd.mine.empty_area' : 'hd.mine.empty')}</p>
            {!filtered ? (
              <p>
                <Link to="/mesa/nueva">{t('hd.mine.file_one')}</Link>
              </p>
            ) : null}
          </div>
        }
      >
        {(data) => (
          <DataTable
            caption={t('hd.mine.table')}
            busy={tickets.loading}
            columns={[
              t('hd.col.number'),
              t('hd.col.title'),
              t('hd.col.status'),
              t('hd.col.category'),
              ...(scope === 'area' ? [t('hd.col.requester')] : []),
              t('hd.col.updated'),
            ]}
          >
            {data.items.map((ticket) => (
              <tr key={String(ticket.id)}>
                <td>
                  <TicketLink id={ticket.id} number={ticket.number} />
                </td>
                <td>
                  {ticket.title}
                  {ticket.highlight ? (
                    <div className="muted">
                      <Highlight excerpt={ticket.highlight} />
                    </div>
                  ) : null}
                </td>
                <td>
                  <StatusBadge status={ticket.status} />
                </td>
                <td>{ticket.category_name}</td>
                {scope === 'area' ? <td>{ticket.requester_name}</td> : null}
                <td>
                  <time dateTime={ticket.updated_at}>{formatDate(ticket.updated_at)}</time>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedList>
    </Page>
  );
}
