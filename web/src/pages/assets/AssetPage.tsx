// Parque informático › a bien (/activos/:id, also the page the label's QR opens): its data and
// custom fields, custodian and custody document, loan, parent and components, attachments,
// timeline, and the actions its state and the user's permissions allow.
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ApiError, api, apiUrl } from '../../api/client';
import { ASSETS_READ_ALL, assetPaths, type Asset, type AssetEvent, type AssetStatus, type AssetType } from '../../api/assets';
import type { ListPage } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { Card } from '../../components/Card';
import { ErrorAlert, UserError, fieldError } from '../../components/ErrorAlert';
import { Field } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { formatSize, mexicoCityDay } from '../helpdesk/format';
import { DisposalDialog, GeneratedDocuments, LoanDialog, LoanReturnDialog, ReturnDialog, StatusDialog, TransferDialog, type Outcome } from './dialogs';
import { formatMoney } from './format';
import { ASSET_STATUS_LABEL, CONDITION_LABEL, LOAN_STATE_LABEL, labelOf } from './labels';
import { AssetStatusBadge, Day, DocumentPdfLink, Flash, WarrantyCell, When, assetPath, documentPath, itemsOf, personPath, useAssetTypes } from './parts';
import { assetActions, loanOverdue } from './rules';

const MAX_ATTACHMENT = 10 * 1024 * 1024;
const EVENTS_PER_PAGE = 20;
const NO_CAN = { write: false, custody: false, loan: false, dispose: false };

export function AssetPage() {
  const { id = '' } = useParams();
  return <AssetView key={id} id={id} />;
}

function AssetView({ id }: { id: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const location = useLocation();
  const asset = useResource(() => api.get<Asset>(assetPaths.asset(id)), [id]);
  const types = useAssetTypes();
  const [flash, setFlash] = useState((location.state as { flash?: string } | null)?.flash ?? '');
  const [documents, setDocuments] = useState<Outcome['documents']>([]);
  const [eventsTick, setEventsTick] = useState(0);
  const back = can(ASSETS_READ_ALL) ? '/activos' : '/activos/mis-bienes';

  if (asset.loading && !asset.data) return <Loading />;
  if (!asset.data) {
    const missing = asset.error instanceof ApiError && (asset.error.status === 404 || asset.error.status === 403);
    return (
      <Page title={t(missing ? 'assets.asset.not_found_title' : 'assets.asset.title')}>
        {missing ? (
          <div className="alert alert--error" role="alert">
            <p>{t('assets.asset.not_found')}</p>
          </div>
        ) : (
          <ErrorAlert error={asset.error} />
        )}
        <p>
          <Link to={back}>← {t('assets.back_list')}</Link>
        </p>
      </Page>
    );
  }

  function onDone(outcome: Outcome) {
    setFlash(outcome.message);
    setDocuments(outcome.documents ?? []);
    asset.reload();
    setEventsTick((n) => n + 1);
  }

  const a: Asset = { ...asset.data, can: asset.data.can ?? NO_CAN };
  const type = types.data?.find((ty) => String(ty.id) === String(a.type_id));
  return (
    <Page title={`${a.inventory_number} · ${[a.type_name, a.brand, a.model].filter(Boolean).join(' ')}`}>
      <p>
        <Link to={back}>← {t('assets.back_list')}</Link>
      </p>
      <Flash message={flash} />
      {documents?.length ? <GeneratedDocuments documents={documents} /> : null}
      <p className="as-badges" data-testid="asset-status">
        <AssetStatusBadge status={a.status} /> <span className="badge">{labelOf(t, CONDITION_LABEL, a.condition)}</span>
      </p>
      <div className="hd-ticket-layout">
        <div className="hd-ticket-main">
          <AssetData asset={a} />
          <CustomFields asset={a} type={type} />
          <Relations asset={a} />
          <Attachments asset={a} onDone={onDone} />
          <Timeline assetId={String(a.id)} tick={eventsTick} />
        </div>
        <aside className="hd-ticket-side" aria-label={t('assets.asset.side')}>
          <CustodyCard asset={a} />
          {a.loan ? <LoanCard asset={a} /> : null}
          <Actions asset={a} onDone={onDone} />
        </aside>
      </div>
    </Page>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="details-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AssetData({ asset: a }: { asset: Asset }) {
  const { t, lang } = useI18n();
  const dash = (v: string | null | undefined) => (v && String(v).trim() ? v : '—');
  return (
    <Card id="as-data" title={t('assets.asset.data')}>
      <dl className="details">
        <Row label={t('assets.field.inventory_number')}>
          <strong data-testid="inventory-number">{a.inventory_number}</strong>
        </Row>
        <Row label={t('assets.field.type')}>{a.type_name}</Row>
        <Row label={t('assets.field.brand')}>{dash(a.brand)}</Row>
        <Row label={t('assets.field.model')}>{dash(a.model)}</Row>
        <Row label={t('assets.field.serial')}>{dash(a.serial)}</Row>
        <Row label={t('assets.field.status')}>{labelOf(t, ASSET_STATUS_LABEL, a.status)}</Row>
        <Row label={t('assets.field.area')}>{dash(a.area_name)}</Row>
        <Row label={t('assets.field.location')}>{dash([a.building, a.floor, a.office].filter(Boolean).join(' · '))}</Row>
        {a.specs ? (
          <Row label={t('assets.field.specs')}>
            <span className="hd-pre">{a.specs}</span>
          </Row>
        ) : null}
        <Row label={t('assets.field.acquired_on')}>
          <Day day={a.acquired_on} />
        </Row>
        <Row label={t('assets.field.invoice_number')}>{dash(a.invoice_number)}</Row>
        <Row label={t('assets.field.supplier')}>{dash(a.supplier)}</Row>
        <Row label={t('assets.field.cost')}>{formatMoney(a.cost, lang)}</Row>
        <Row label={t('assets.field.budget_line')}>{dash(a.budget_line)}</Row>
        <Row label={t('assets.field.funding_source')}>{dash(a.funding_source)}</Row>
        <Row label={t('assets.field.warranty_end')}>
          <WarrantyCell end={a.warranty_end} />
        </Row>
        {a.notes ? (
          <Row label={t('assets.field.notes')}>
            <span className="hd-pre">{a.notes}</span>
          </Row>
        ) : null}
        <Row label={t('assets.field.created_at')}>
          <When at={a.created_at} />
        </Row>
        <Row label={t('assets.field.updated_at')}>
          <When at={a.updated_at} />
        </Row>
      </dl>
    </Card>
  );
}

function CustomFields({ asset, type }: { asset: Asset; type: AssetType | undefined }) {
  const { t, lang } = useI18n();
  const values = asset.fields ?? {};
  const specs = type?.fields ?? [];
  const keys = [...specs.map((s) => s.key).filter((k) => k in values), ...Object.keys(values).filter((k) => !specs.some((s) => s.key === k))];
  if (!keys.length) return null;
  return (
    <Card id="as-custom" title={t('assets.asset.custom', { type: asset.type_name })}>
      <dl className="details">
        {keys.map((key) => {
          const spec = specs.find((s) => s.key === key);
          const v = values[key];
          const text = v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);
          return (
            <Row key={key} label={spec?.label ?? key}>
              {spec?.type === 'date' && typeof v === 'string' && v ? <Day day={v} /> : typeof v === 'number' ? v.toLocaleString(lang === 'en' ? 'en-US' : 'es-MX') : text}
            </Row>
          );
        })}
      </dl>
    </Card>
  );
}

function CustodyCard({ asset: a }: { asset: Asset }) {
  const { t } = useI18n();
  const { can } = useAuth();
  return (
    <Card id="as-custody" title={t('assets.asset.custody')}>
      {a.custodian_id != null && a.custodian_name ? (
        <dl className="details details--stacked">
          <dt>{t('assets.asset.custodian')}</dt>
          <dd data-testid="custodian">{can(ASSETS_READ_ALL) ? <Link to={personPath(a.custodian_id)}>{a.custodian_name}</Link> : a.custodian_name}</dd>
          {a.custody ? (
            <>
              <dt>{t('assets.asset.custody_document')}</dt>
              <dd>
                <Link to={documentPath(a.custody.document_id)}>{a.custody.folio}</Link>
              </dd>
              <dt>{t('assets.asset.custody_since')}</dt>
              <dd>
                <When at={a.custody.since} />
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="muted" data-testid="custodian">
          {t('assets.asset.no_custodian')}
        </p>
      )}
      {a.custody ? (
        <p>
          <DocumentPdfLink id={a.custody.document_id} label={t('assets.doc.download')} />
        </p>
      ) : null}
    </Card>
  );
}

function LoanCard({ asset: a }: { asset: Asset }) {
  const { t } = useI18n();
  const loan = a.loan!;
  const overdue = loanOverdue(loan, mexicoCityDay());
  return (
    <Card id="as-loan" title={t('assets.asset.loan')}>
      <dl className="details details--stacked">
        <dt>{t('assets.loan.person')}</dt>
        <dd>{loan.person_name}</dd>
        <dt>{t('assets.loan.lent_at')}</dt>
        <dd>
          <When at={loan.lent_at} />
        </dd>
        <dt>{t('assets.loan.due_on')}</dt>
        <dd>
          <Day day={loan.due_on} />{' '}
          <span className={`badge as-loan--${overdue ? 'vencido' : loan.state}`}>{labelOf(t, LOAN_STATE_LABEL, overdue ? 'vencido' : loan.state)}</span>
        </dd>
        {loan.notes ? (
          <>
            <dt>{t('assets.custody.notes')}</dt>
            <dd className="hd-pre">{loan.notes}</dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}

function Relations({ asset: a }: { asset: Asset }) {
  const { t } = useI18n();
  if (!a.parent && !a.children?.length) return null;
  return (
    <Card id="as-relations" title={t('assets.asset.relations')}>
      {a.parent ? (
        <p>
          {t('assets.asset.parent')} <Link to={assetPath(a.parent.id)}>{a.parent.inventory_number}</Link> · {a.parent.type_name}
        </p>
      ) : null}
      {a.children?.length ? (
        <>
          <h3>{t('assets.asset.children')}</h3>
          <ul>
            {a.children.map((c) => (
              <li key={String(c.id)}>
                <Link to={assetPath(c.id)}>{c.inventory_number}</Link> · {c.type_name} <AssetStatusBadge status={c.status} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}

function Attachments({ asset: a, onDone }: { asset: Asset; onDone: (o: Outcome) => void }) {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      if (!file) throw new UserError(t('assets.attach.none'));
      if (file.size > MAX_ATTACHMENT) throw new UserError(t('assets.attach.too_large'));
      await api.upload<unknown>(assetPaths.attachments(a.id), await file.arrayBuffer(), { filename: file.name });
      setFile(null);
      if (input.current) input.current.value = '';
      onDone({ message: t('assets.attach.done', { name: file.name }) });
    });
  }

  if (!a.attachments?.length && !a.can.write) return null;
  return (
    <Card id="as-attachments" title={t('assets.attach.title')}>
      {a.attachments?.length ? (
        <ul className="as-attachments">
          {a.attachments.map((f) => (
            <li key={String(f.id)}>
              <a href={apiUrl(assetPaths.attachment(f.id))} download={f.filename}>
                {f.filename}
              </a>{' '}
              <span className="muted hd-small">
                {formatSize(f.size, lang === 'en' ? 'en-US' : 'es-MX')} · <When at={f.created_at} />
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('assets.attach.empty')}</p>
      )}
      {a.can.write ? (
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <ErrorAlert error={error} fields={['filename']} />
          <Field label={t('assets.attach.file')} hint={t('assets.attach.hint')} error={fieldError(error, 'filename')}>
            {(control) => <input {...control} ref={input} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
          </Field>
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t('assets.attach.submit')}
          </button>
        </form>
      ) : null}
    </Card>
  );
}

function Timeline({ assetId, tick }: { assetId: string; tick: number }) {
  const { t } = useI18n();
  const [pages, setPages] = useState(1);
  const events = useResource(
    () => api.get<ListPage<AssetEvent> | AssetEvent[]>(assetPaths.events(assetId), { page: 1, per_page: EVENTS_PER_PAGE * pages }),
    [assetId, tick, pages],
  );
  const items = itemsOf(events.data as AssetEvent[] | { items: AssetEvent[] } | undefined);
  const total = events.data && !Array.isArray(events.data) ? events.data.total : items.length;
  return (
    <Card id="as-timeline" title={t('assets.timeline.title')}>
      <ErrorAlert error={events.error} />
      {events.loading && !events.data ? <Loading /> : null}
      {events.data && !items.length ? <p className="muted">{t('assets.timeline.empty')}</p> : null}
      <ol className="hd-timeline as-timeline" data-testid="timeline">
        {items.map((ev) => (
          <li key={String(ev.id)} className={`hd-entry hd-entry--event as-event as-event--${ev.kind}`}>
            <div className="hd-entry-header">
              <strong>{ev.summary}</strong>
              <span className="muted hd-small">
                {ev.author_name ? `${ev.author_name} · ` : ''}
                <When at={ev.created_at} />
              </span>
            </div>
            {ev.changes && Object.keys(ev.changes).length ? (
              <details className="changes-details">
                <summary>{t('assets.timeline.changes')}</summary>
                <ul className="changes">
                  {Object.entries(ev.changes).map(([field, c]) => (
                    <li key={field}>
                      {field}: {show(c?.from)} → {show(c?.to)}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            {ev.document_id != null ? (
              <p className="hd-small">
                <Link to={documentPath(ev.document_id)}>{t('assets.timeline.document')}</Link>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {items.length < total ? (
        <button type="button" className="button button--secondary" disabled={events.loading} onClick={() => setPages((n) => n + 1)}>
          {t('assets.timeline.more', { count: total - items.length })}
        </button>
      ) : null}
    </Card>
  );
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

type Dialog =
  | { kind: 'status'; to: AssetStatus }
  | { kind: 'transfer' }
  | { kind: 'return' }
  | { kind: 'lend' }
  | { kind: 'loan_return' }
  | { kind: 'dispose' }
  | null;

function Actions({ asset: a, onDone }: { asset: Asset; onDone: (o: Outcome) => void }) {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<Dialog>(null);
  const actions = assetActions(a);
  const any =
    a.can.write ||
    actions.status.length ||
    actions.assign ||
    actions.transfer ||
    actions.returnCustody ||
    actions.lend ||
    actions.returnLoan ||
    actions.dispose ||
    actions.disposeNeedsReturn;
  if (!any) return null;

  function done(o: Outcome) {
    setDialog(null);
    onDone(o);
  }
  const close = () => setDialog(null);

  return (
    <Card id="as-actions" title={t('assets.actions.title')} className="as-actions">
      <div className="as-action-list">
        {a.can.write ? (
          <Link className="button button--secondary" to={`${assetPath(a.id)}/editar`}>
            {t('assets.actions.edit')}
          </Link>
        ) : null}
        {actions.assign ? (
          <Link className="button" to={`/activos/resguardos/asignar?ids=${encodeURIComponent(String(a.id))}`}>
            {t('assets.actions.assign')}
          </Link>
        ) : null}
        {actions.transfer ? (
          <button type="button" className="button" onClick={() => setDialog({ kind: 'transfer' })}>
            {t('assets.actions.transfer')}
          </button>
        ) : null}
        {actions.returnCustody ? (
          <button type="button" className="button button--secondary" onClick={() => setDialog({ kind: 'return' })}>
            {t('assets.actions.return')}
          </button>
        ) : null}
        {actions.lend ? (
          <button type="button" className="button button--secondary" onClick={() => setDialog({ kind: 'lend' })}>
            {t('assets.actions.lend')}
          </button>
        ) : null}
        {actions.returnLoan ? (
          <button type="button" className="button" onClick={() => setDialog({ kind: 'loan_return' })}>
            {t('assets.actions.loan_return')}
          </button>
        ) : null}
        {actions.status.map((to) => (
          <button key={to} type="button" className="button button--secondary" onClick={() => setDialog({ kind: 'status', to })}>
            {t(to === 'en_reparacion' ? 'assets.actions.to_repair' : 'assets.actions.from_repair')}
          </button>
        ))}
        {a.can.write ? (
          <Link className="button button--secondary" to={`/activos/etiquetas?ids=${encodeURIComponent(String(a.id))}`}>
            {t('assets.actions.label')}
          </Link>
        ) : null}
        {actions.dispose ? (
          <button type="button" className="button button--danger" onClick={() => setDialog({ kind: 'dispose' })}>
            {t('assets.actions.dispose')}
          </button>
        ) : null}
      </div>
      {actions.disposeNeedsReturn ? <p className="muted hd-small">{t('assets.actions.dispose_needs_return')}</p> : null}
      {a.disposal_id != null ? (
        <p className="hd-small">
          <Link to="/activos/bajas">{t('assets.actions.disposal_link')}</Link>
        </p>
      ) : null}
      {dialog?.kind === 'status' ? <StatusDialog asset={a} to={dialog.to} onClose={close} onDone={done} /> : null}
      {dialog?.kind === 'transfer' ? <TransferDialog assetIds={[a.id]} fromPersonId={a.custodian_id} onClose={close} onDone={done} /> : null}
      {dialog?.kind === 'return' ? <ReturnDialog assetIds={[a.id]} onClose={close} onDone={done} /> : null}
      {dialog?.kind === 'lend' ? <LoanDialog asset={a} onClose={close} onDone={done} /> : null}
      {dialog?.kind === 'loan_return' && a.loan ? <LoanReturnDialog loan={a.loan} onClose={close} onDone={done} /> : null}
      {dialog?.kind === 'dispose' ? <DisposalDialog assets={[a]} onClose={close} onDone={done} /> : null}
    </Card>
  );
}
