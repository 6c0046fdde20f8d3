// Parque informático › Préstamos (/activos/prestamos): loans by state, overdue ones marked, each
// returnable; and a new loan by inventory number.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { ASSETS_WRITE, LOAN_STATES, assetPaths, type Loan } from '../../api/assets';
import type { ListPage } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { DataTable } from '../../components/DataTable';
import { SelectField } from '../../components/forms';
import { EmptyNote, PagedList } from '../../components/ListState';
import { Page } from '../../components/Page';
import { useListParams } from '../../components/useListParams';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { mexicoCityDay } from '../helpdesk/format';
import { LoanDialog, LoanReturnDialog, type Outcome } from './dialogs';
import { LOAN_STATE_LABEL, labelOf } from './labels';
import { Day, Flash, InstantFilters, When, assetPath, personPath } from './parts';
import { PersonSelect } from './PersonSelect';
import { loanOverdue } from './rules';

const PER_PAGE = 50;

export function LoansPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { params, setParams, page, setPage, update } = useListParams();
  const state = params.get('state') ?? '';
  const person = params.get('person_id') ?? '';
  const loans = useResource(() => api.get<ListPage<Loan>>(assetPaths.loans, { state, person_id: person, page, per_page: PER_PAGE }), [state, person, page]);
  const [dialog, setDialog] = useState<{ kind: 'new' } | { kind: 'return'; loan: Loan } | null>(null);
  const [flash, setFlash] = useState('');
  const canWrite = can(ASSETS_WRITE);
  const today = mexicoCityDay();
  const filtered = Boolean(state || person);

  function done(o: Outcome) {
    setDialog(null);
    setFlash(o.message);
    loans.reload();
  }

  return (
    <Page
      title={t('assets.loans.title')}
      actions={
        canWrite ? (
          <button type="button" className="button" onClick={() => setDialog({ kind: 'new' })}>
            {t('assets.loans.new')}
          </button>
        ) : undefined
      }
    >
      <Flash message={flash} />
      <InstantFilters
        label={t('assets.loans.filters')}
        onClear={filtered ? () => setParams(new URLSearchParams()) : undefined}
      >
        <SelectField
          label={t('assets.loan.state')}
          value={state}
          onChange={(e) => update({ state: e.target.value })}
          options={[{ value: '', label: t('assets.loans.all_states') }, ...LOAN_STATES.map((s) => ({ value: s, label: t(LOAN_STATE_LABEL[s]) }))]}
        />
        <PersonSelect label={t('assets.loan.person')} value={person} emptyLabel={t('assets.filter.anyone')} onChange={(id) => update({ person_id: id })} />
      </InstantFilters>
      <PagedList
        list={loans}
        summary={(total) => t('assets.loans.count', { total })}
        page={page}
        perPage={PER_PAGE}
        onPage={setPage}
        paginationLabel={t('assets.loans.pagination')}
        empty={<EmptyNote>{t(filtered ? 'assets.loans.empty_filtered' : 'assets.loans.empty')}</EmptyNote>}
      >
        {(data) => (
          <DataTable
            caption={t('assets.loans.title')}
            busy={loans.loading}
            columns={[
              t('assets.col.inventory_number'),
              t('assets.loan.person'),
              t('assets.col.area'),
              t('assets.loan.lent_at'),
              t('assets.loan.due_on'),
              t('assets.loan.state'),
              t('common.actions'),
            ]}
          >
            {data.items.map((l) => {
              const overdue = loanOverdue(l, today);
              const shownState = overdue ? 'vencido' : l.state;
              return (
                <tr key={String(l.id)} className={overdue ? 'as-row--overdue' : undefined}>
                  <td>
                    <Link to={assetPath(l.asset_id)}>{l.inventory_number}</Link>
                  </td>
                  <td>
                    <Link to={personPath(l.person_id)}>{l.person_name}</Link>
                  </td>
                  <td>{l.area_name || '—'}</td>
                  <td>
                    <When at={l.lent_at} />
                  </td>
                  <td>
                    <Day day={l.due_on} />
                  </td>
                  <td>
                    <span className={`badge as-loan--${shownState}`}>{labelOf(t, LOAN_STATE_LABEL, shownState)}</span>
                    {l.returned_at ? (
                      <div className="muted hd-small">
                        <When at={l.returned_at} />
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {canWrite && !l.returned_at ? (
                      <button type="button" className="button button--secondary as-small-button" onClick={() => setDialog({ kind: 'return', loan: l })}>
                        {t('assets.loans.return_named', { number: l.inventory_number })}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </PagedList>
      {dialog?.kind === 'new' ? <LoanDialog onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog?.kind === 'return' ? <LoanReturnDialog loan={dialog.loan} onClose={() => setDialog(null)} onDone={done} /> : null}
    </Page>
  );
}
