// Parque informático › a servidor público (/activos/personas/:id): the assets in their custody,
// their loans and custody documents; transfer or return selected assets, assign more, and the
// "carta de no adeudo" once they hold nothing.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import { ASSETS_WRITE, assetPaths, type CustodyDocument, type PersonCustody } from '../../api/assets';
import { useAuth } from '../../auth/AuthContext';
import { Card } from '../../components/Card';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { TextAreaField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { mexicoCityDay } from '../helpdesk/format';
import { GeneratedDocuments, LoanReturnDialog, ReturnDialog, TransferDialog, type Outcome } from './dialogs';
import { describeAsset } from './format';
import { DOCUMENT_KIND_LABEL, LOAN_STATE_LABEL, labelOf } from './labels';
import { AssetStatusBadge, Day, DocumentPdfLink, Flash, Modal, When, assetPath, documentPath } from './parts';
import { loanOverdue } from './rules';

type Dialog = { kind: 'transfer' | 'return' | 'no_adeudo' } | { kind: 'loan_return'; loanId: string } | null;

export function PersonAssetsPage() {
  const { id = '' } = useParams();
  return <PersonView key={id} id={id} />;
}

function PersonView({ id }: { id: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const data = useResource(() => api.get<PersonCustody>(assetPaths.person(id)), [id]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog>(null);
  const [flash, setFlash] = useState('');
  const [documents, setDocuments] = useState<CustodyDocument[]>([]);
  const canWrite = can(ASSETS_WRITE);
  const today = mexicoCityDay();

  if (data.loading && !data.data) return <Loading />;
  if (!data.data)
    return (
      <Page title={t('assets.person.title_missing')}>
        {data.error instanceof ApiError && data.error.status === 404 ? (
          <div className="alert alert--error" role="alert">
            <p>{t('assets.person.not_found')}</p>
          </div>
        ) : (
          <ErrorAlert error={data.error} />
        )}
        <p>
          <Link to="/activos">← {t('assets.back_list')}</Link>
        </p>
      </Page>
    );

  const { person, assets, loans, documents: docs } = data.data;
  const activeLoans = loans.filter((l) => !l.returned_at && l.state !== 'devuelto');
  const holding = assets.length + activeLoans.length;
  const chosen = assets.filter((a) => selected.has(String(a.id)));
  const allChosen = assets.length > 0 && chosen.length === assets.length;

  function done(o: Outcome) {
    setDialog(null);
    setFlash(o.message);
    setDocuments(o.documents ?? []);
    setSelected(new Set());
    data.reload();
  }
  const close = () => setDialog(null);
  const loanToReturn = dialog?.kind === 'loan_return' ? loans.find((l) => String(l.id) === dialog.loanId) : undefined;

  return (
    <Page
      title={person.full_name}
      actions={
        canWrite ? (
          <div className="button-row">
            <Link className="button" to={`/activos/resguardos/asignar?person=${encodeURIComponent(String(person.id))}`}>
              {t('assets.person.assign')}
            </Link>
          </div>
        ) : undefined
      }
    >
      <p>
        <Link to="/activos/resguardos">← {t('assets.docs.back')}</Link>
      </p>
      <p className="muted">{[person.job_title, person.area_name].filter(Boolean).join(' · ')}</p>
      <Flash message={flash} />
      {documents.length ? <GeneratedDocuments documents={documents} /> : null}

      <Card id="as-person-assets" title={t('assets.person.assets', { count: assets.length })}>
        {assets.length ? (
          <>
            <DataTable
              caption={t('assets.person.assets', { count: assets.length })}
              columns={[
                ...(canWrite
                  ? [
                      <input
                        type="checkbox"
                        aria-label={t('assets.person.select_all')}
                        checked={allChosen}
                        onChange={() => setSelected(allChosen ? new Set() : new Set(assets.map((a) => String(a.id))))}
                      />,
                    ]
                  : []),
                t('assets.col.inventory_number'),
                t('assets.col.description'),
                t('assets.col.serial'),
                t('assets.col.status'),
              ]}
            >
              {assets.map((a) => (
                <tr key={String(a.id)}>
                  {canWrite ? (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('assets.selection.select', { number: a.inventory_number })}
                        checked={selected.has(String(a.id))}
                        onChange={() =>
                          setSelected((old) => {
                            const next = new Set(old);
                            if (next.has(String(a.id))) next.delete(String(a.id));
                            else next.add(String(a.id));
                            return next;
                          })
                        }
                      />
                    </td>
                  ) : null}
                  <td>
                    <Link to={assetPath(a.id)}>{a.inventory_number}</Link>
                  </td>
                  <td>{describeAsset(a)}</td>
                  <td>{a.serial || '—'}</td>
                  <td>
                    <AssetStatusBadge status={a.status} />
                  </td>
                </tr>
              ))}
            </DataTable>
            {canWrite ? (
              <div className="button-row">
                <button type="button" className="button" disabled={!chosen.length} onClick={() => setDialog({ kind: 'transfer' })}>
                  {t('assets.person.transfer', { count: chosen.length })}
                </button>
                <button type="button" className="button button--secondary" disabled={!chosen.length} onClick={() => setDialog({ kind: 'return' })}>
                  {t('assets.person.return', { count: chosen.length })}
                </button>
              </div>
            ) : null}
          </>
        ) : (
          <p className="muted">{t('assets.person.no_assets')}</p>
        )}
      </Card>

      <Card id="as-person-loans" title={t('assets.person.loans')}>
        {loans.length ? (
          <DataTable
            caption={t('assets.person.loans')}
            columns={[t('assets.col.inventory_number'), t('assets.loan.lent_at'), t('assets.loan.due_on'), t('assets.loan.state'), t('common.actions')]}
          >
            {loans.map((l) => {
              const overdue = loanOverdue(l, today);
              const state = overdue ? 'vencido' : l.state;
              return (
                <tr key={String(l.id)} className={overdue ? 'as-row--overdue' : undefined}>
                  <td>
                    <Link to={assetPath(l.asset_id)}>{l.inventory_number}</Link>
                  </td>
                  <td>
                    <When at={l.lent_at} />
                  </td>
                  <td>
                    <Day day={l.due_on} />
                  </td>
                  <td>
                    <span className={`badge as-loan--${state}`}>{labelOf(t, LOAN_STATE_LABEL, state)}</span>
                  </td>
                  <td>
                    {canWrite && !l.returned_at ? (
                      <button type="button" className="link-button" onClick={() => setDialog({ kind: 'loan_return', loanId: String(l.id) })}>
                        {t('assets.loans.return_named', { number: l.inventory_number })}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        ) : (
          <p className="muted">{t('assets.person.no_loans')}</p>
        )}
      </Card>

      <Card id="as-person-docs" title={t('assets.person.documents')}>
        {docs.length ? (
          <ul className="as-doc-list">
            {docs.map((d) => (
              <li key={String(d.id)}>
                <Link to={documentPath(d.id)}>{d.folio}</Link> · {labelOf(t, DOCUMENT_KIND_LABEL, d.kind)} · <When at={d.created_at} />{' '}
                <DocumentPdfLink id={d.id} label={t('assets.docs.pdf_named', { folio: d.folio })} className="link-button" />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('assets.person.no_documents')}</p>
        )}
      </Card>

      {canWrite ? (
        <Card id="as-person-no-adeudo" title={t('assets.no_adeudo.title')}>
          <p>{t('assets.no_adeudo.intro')}</p>
          <button
            type="button"
            className="button"
            disabled={holding > 0}
            aria-describedby={holding > 0 ? 'as-no-adeudo-reason' : undefined}
            onClick={() => setDialog({ kind: 'no_adeudo' })}
          >
            {t('assets.no_adeudo.button')}
          </button>
          {holding > 0 ? (
            <p id="as-no-adeudo-reason" className="muted hd-small">
              {t('assets.no_adeudo.disabled', { count: holding })}
            </p>
          ) : null}
        </Card>
      ) : null}

      {dialog?.kind === 'transfer' ? <TransferDialog assetIds={chosen.map((a) => a.id)} fromPersonId={person.id} onClose={close} onDone={done} /> : null}
      {dialog?.kind === 'return' ? <ReturnDialog assetIds={chosen.map((a) => a.id)} onClose={close} onDone={done} /> : null}
      {loanToReturn ? <LoanReturnDialog loan={loanToReturn} onClose={close} onDone={done} /> : null}
      {dialog?.kind === 'no_adeudo' ? <NoAdeudoDialog personId={String(person.id)} onClose={close} onDone={done} /> : null}
    </Page>
  );
}

function NoAdeudoDialog({ personId, onClose, onDone }: { personId: string; onClose: () => void; onDone: (o: Outcome) => void }) {
  const { t } = useI18n();
  const [notes, setNotes] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const doc = await api.post<CustodyDocument>(assetPaths.noAdeudo(personId), { notes: notes.trim() });
      onDone({ message: t('assets.no_adeudo.done', { folio: doc.folio }), documents: [doc] });
    });
  }

  return (
    <Modal title={t('assets.no_adeudo.title')} onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['notes']} />
        <TextAreaField label={t('assets.custody.notes')} rows={3} value={notes} autoFocus onChange={(e) => setNotes(e.target.value)} error={fieldError(error, 'notes')} />
        <div className="button-row as-dialog-buttons">
          <button type="submit" className="button" disabled={busy}>
            {t('assets.no_adeudo.submit')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
