// Parque informático › Bajas (/activos/bajas): disposal requests by status; asking for one (by
// inventory numbers, with the reason and the technical opinion it rests on); approving or
// rejecting (assets.manage).
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { ASSETS_MANAGE, ASSETS_WRITE, DISPOSAL_STATUSES, assetPaths, type Disposal } from '../../api/assets';
import type { ListPage } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, UserError, fieldError } from '../../components/ErrorAlert';
import { SelectField, TextAreaField, TextField } from '../../components/forms';
import { EmptyNote, PagedList } from '../../components/ListState';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useListParams } from '../../components/useListParams';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { DisposalDialog, type Outcome } from './dialogs';
import { DISPOSAL_STATUS_LABEL, labelOf } from './labels';
import { Flash, InstantFilters, Modal, When, assetPath } from './parts';

const PER_PAGE = 25;

type Dialog = { kind: 'new' } | { kind: 'approve' | 'reject'; disposal: Disposal } | null;

export function DisposalsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { params, setParams, page, setPage, update } = useListParams();
  const status = params.get('status') ?? '';
  const list = useResource(() => api.get<ListPage<Disposal>>(assetPaths.disposals, { status, page, per_page: PER_PAGE }), [status, page]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [flash, setFlash] = useState('');
  const canManage = can(ASSETS_MANAGE);

  function done(o: Outcome) {
    setDialog(null);
    setFlash(o.message);
    list.reload();
  }

  return (
    <Page
      title={t('assets.disposals.title')}
      actions={
        can(ASSETS_WRITE) ? (
          <button type="button" className="button" onClick={() => setDialog({ kind: 'new' })}>
            {t('assets.disposals.new')}
          </button>
        ) : undefined
      }
    >
      <Flash message={flash} />
      <InstantFilters
        label={t('assets.disposals.filters')}
        onClear={status ? () => setParams(new URLSearchParams()) : undefined}
      >
        <SelectField
          label={t('assets.disposals.status')}
          value={status}
          onChange={(e) => update({ status: e.target.value })}
          options={[{ value: '', label: t('assets.disposals.all') }, ...DISPOSAL_STATUSES.map((s) => ({ value: s, label: t(DISPOSAL_STATUS_LABEL[s]) }))]}
        />
      </InstantFilters>
      <PagedList
        list={list}
        summary={(total) => t('assets.disposals.count', { total })}
        page={page}
        perPage={PER_PAGE}
        onPage={setPage}
        paginationLabel={t('assets.disposals.pagination')}
        empty={<EmptyNote>{t(status ? 'assets.disposals.empty_filtered' : 'assets.disposals.empty')}</EmptyNote>}
      >
        {(data) => (
          <DataTable
            caption={t('assets.disposals.title')}
            busy={list.loading}
            columns={[
              t('assets.disposals.folio'),
              t('assets.disposals.status'),
              t('assets.disposals.assets'),
              t('assets.disposals.reason'),
              t('assets.disposals.requested'),
              t('assets.disposals.decided'),
              ...(canManage ? [t('common.actions')] : []),
            ]}
          >
            {data.items.map((d) => (
              <tr key={String(d.id)}>
                <td>{d.folio}</td>
                <td>
                  <span className={`badge as-disposal--${d.status}`}>{labelOf(t, DISPOSAL_STATUS_LABEL, d.status)}</span>
                </td>
                <td>
                  <ul className="as-compact-list">
                    {d.assets.map((a) => (
                      <li key={String(a.id)}>
                        <Link to={assetPath(a.id)}>{a.inventory_number}</Link> <span className="muted hd-small">{[a.type_name, a.brand, a.model].filter(Boolean).join(' ')}</span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="hd-pre">
                  {d.reason}
                  {d.opinion_ref ? <div className="muted hd-small">{t('assets.disposals.opinion', { ref: d.opinion_ref })}</div> : null}
                </td>
                <td>
                  {d.requested_by_name}
                  <div className="muted hd-small">
                    <When at={d.requested_at} />
                  </div>
                </td>
                <td>
                  {d.decided_by_name ? (
                    <>
                      {d.decided_by_name}
                      <div className="muted hd-small">
                        <When at={d.decided_at} />
                      </div>
                      {d.decision_notes ? <div className="hd-small hd-pre">{d.decision_notes}</div> : null}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                {canManage ? (
                  <td>
                    {d.status === 'solicitada' ? (
                      <div className="button-row">
                        <button type="button" className="button as-small-button" onClick={() => setDialog({ kind: 'approve', disposal: d })}>
                          {t('assets.disposals.approve')}
                        </button>
                        <button type="button" className="button button--secondary as-small-button" onClick={() => setDialog({ kind: 'reject', disposal: d })}>
                          {t('assets.disposals.reject')}
                        </button>
                      </div>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </DataTable>
        )}
      </PagedList>
      {dialog?.kind === 'new' ? <DisposalDialog onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog?.kind === 'approve' || dialog?.kind === 'reject' ? (
        <DecisionDialog disposal={dialog.disposal} approve={dialog.kind === 'approve'} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
    </Page>
  );
}

function DecisionDialog({ disposal, approve, onClose, onDone }: { disposal: Disposal; approve: boolean; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useI18n();
  const [notes, setNotes] = useState('');
  const [opinion, setOpinion] = useState(disposal.opinion_ref ?? '');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      if (!approve && !notes.trim()) throw new UserError(t('assets.disposals.reject_notes_required'));
      if (approve) {
        const body: Record<string, unknown> = { notes: notes.trim() };
        if (opinion.trim()) body.opinion_ref = opinion.trim();
        await api.post<Disposal>(assetPaths.approve(disposal.id), body);
        onDone({ message: t('assets.disposals.approved', { folio: disposal.folio }) });
      } else {
        await api.post<Disposal>(assetPaths.reject(disposal.id), { notes: notes.trim() });
        onDone({ message: t('assets.disposals.rejected', { folio: disposal.folio }) });
      }
    });
  }

  return (
    <Modal title={t(approve ? 'assets.disposals.approve_title' : 'assets.disposals.reject_title', { folio: disposal.folio })} onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['notes', 'opinion_ref']} />
        <p>{t(approve ? 'assets.disposals.approve_intro' : 'assets.disposals.reject_intro', { count: disposal.assets.length })}</p>
        <TextAreaField
          label={t(approve ? 'assets.disposals.notes' : 'assets.disposals.reject_notes')}
          required={!approve}
          rows={3}
          value={notes}
          autoFocus
          onChange={(e) => setNotes(e.target.value)}
          error={fieldError(error, 'notes')}
        />
        {approve ? (
          <TextField
            label={t('assets.disposal.opinion_ref')}
            hint={t('assets.disposal.opinion_hint')}
            value={opinion}
            onChange={(e) => setOpinion(e.target.value)}
            error={fieldError(error, 'opinion_ref')}
          />
        ) : null}
        <div className="button-row as-dialog-buttons">
          <button type="submit" className={`button${approve ? '' : ' button--danger'}`} disabled={busy}>
            {t(approve ? 'assets.disposals.approve_submit' : 'assets.disposals.reject_submit')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
