// The custody, loan, status and disposal dialogs, shared by the asset page, a person's page and the
// loans list. Each posts one request and tells its caller what to announce (and which documents
// were written, so that their PDFs can be downloaded at once).
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import {
  CONDITIONS,
  assetPaths,
  type Asset,
  type AssetStatus,
  type CustodyDocument,
  type Disposal,
  type Loan,
  type ReturnResult,
  type TransferResult,
} from '../../api/assets';
import type { Id } from '../../api/types';
import { ErrorAlert, UserError, fieldError } from '../../components/ErrorAlert';
import { SelectField, TextAreaField, TextField } from '../../components/forms';
import { useFormAction } from '../../components/useFormAction';
import { useI18n } from '../../i18n';
import { addDays, mexicoCityDay } from '../helpdesk/format';
import { ASSET_STATUS_LABEL, CONDITION_LABEL, DOCUMENT_KIND_LABEL, labelOf } from './labels';
import { DocumentPdfLink, Modal, documentPath } from './parts';
import { PersonSelect } from './PersonSelect';
import { apiId } from './query';
import { MAX_LOAN_DAYS } from './rules';
import { normalizeInventoryNumber } from './scan';

export interface Outcome {
  message: string;
  documents?: CustodyDocument[];
}

interface DialogProps {
  onClose: () => void;
  onDone: (outcome: Outcome) => void;
}

function Buttons({ busy, submit, onClose, danger = false }: { busy: boolean; submit: string; onClose: () => void; danger?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="button-row as-dialog-buttons">
      <button type="submit" className={`button${danger ? ' button--danger' : ''}`} disabled={busy}>
        {submit}
      </button>
      <button type="button" className="button button--secondary" onClick={onClose}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

/** The documents a custody move wrote, each with its PDF. */
export function GeneratedDocuments({ documents }: { documents: CustodyDocument[] }) {
  const { t } = useI18n();
  if (!documents.length) return null;
  return (
    <section className="card as-generated" aria-labelledby="as-generated-heading">
      <h2 id="as-generated-heading">{t('assets.doc.generated')}</h2>
      <ul className="as-doc-list">
        {documents.map((d) => (
          <li key={String(d.id)}>
            <Link to={documentPath(d.id)}>{d.folio}</Link> · {labelOf(t, DOCUMENT_KIND_LABEL, d.kind)} · {d.person_name}{' '}
            <DocumentPdfLink id={d.id} label={t('assets.doc.download_folio', { folio: d.folio })} className="button button--secondary as-small-button" />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function StatusDialog({ asset, to, onClose, onDone }: DialogProps & { asset: Pick<Asset, 'id' | 'inventory_number'>; to: AssetStatus }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      if (!reason.trim()) throw new UserError(t('assets.status_dialog.reason_required'));
      await api.post<Asset>(assetPaths.status(asset.id), { status: to, reason: reason.trim() });
      onDone({ message: t('assets.status_dialog.done', { status: labelOf(t, ASSET_STATUS_LABEL, to) }) });
    });
  }

  return (
    <Modal title={t('assets.status_dialog.title', { status: labelOf(t, ASSET_STATUS_LABEL, to) })} onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['reason', 'status']} />
        <TextAreaField
          label={t('assets.status_dialog.reason')}
          required
          rows={3}
          value={reason}
          autoFocus
          onChange={(e) => setReason(e.target.value)}
          error={fieldError(error, 'reason')}
        />
        <Buttons busy={busy} submit={t('assets.status_dialog.submit')} onClose={onClose} />
      </form>
    </Modal>
  );
}

export function TransferDialog({ assetIds, fromPersonId, onClose, onDone }: DialogProps & { assetIds: Id[]; fromPersonId?: Id | null }) {
  const { t } = useI18n();
  const [person, setPerson] = useState('');
  const [personName, setPersonName] = useState('');
  const [notes, setNotes] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      if (!person) throw new UserError(t('assets.custody.person_required'));
      const res = await api.post<TransferResult>(assetPaths.transfer, {
        asset_ids: assetIds,
        to_person_id: apiId(person),
        notes: notes.trim(),
      });
      onDone({
        message: t('assets.transfer.done', { name: res.opened.person_name || personName, folio: res.opened.folio }),
        documents: [res.opened, ...res.closed],
      });
    });
  }

  return (
    <Modal title={t('assets.transfer.title', { count: assetIds.length })} onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['to_person_id', 'notes']} />
        <PersonSelect
          label={t('assets.transfer.to')}
          required
          value={person}
          exclude={fromPersonId != null ? String(fromPersonId) : null}
          onChange={(id, p) => {
            setPerson(id);
            setPersonName(p?.full_name ?? '');
          }}
          error={fieldError(error, 'to_person_id')}
        />
        <TextAreaField label={t('assets.custody.notes')} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} error={fieldError(error, 'notes')} />
        <p className="muted hd-small">{t('assets.transfer.note')}</p>
        <Buttons busy={busy} submit={t('assets.transfer.submit')} onClose={onClose} />
      </form>
    </Modal>
  );
}

export function ReturnDialog({ assetIds, onClose, onDone }: DialogProps & { assetIds: Id[] }) {
  const { t } = useI18n();
  const [notes, setNotes] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const res = await api.post<ReturnResult>(assetPaths.return, { asset_ids: assetIds, notes: notes.trim() });
      onDone({ message: t('assets.return.done', { count: assetIds.length }), documents: res.documents });
    });
  }

  return (
    <Modal title={t('assets.return.title', { count: assetIds.length })} onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['notes']} />
        <p>{t('assets.return.intro')}</p>
        <TextAreaField label={t('assets.custody.notes')} rows={3} value={notes} autoFocus onChange={(e) => setNotes(e.target.value)} error={fieldError(error, 'notes')} />
        <Buttons busy={busy} submit={t('assets.return.submit')} onClose={onClose} />
      </form>
    </Modal>
  );
}

/** A new loan: of the given asset, or of one chosen by inventory number. */
export function LoanDialog({ asset, onClose, onDone }: DialogProps & { asset?: Pick<Asset, 'id' | 'inventory_number'> }) {
  const { t } = useI18n();
  const today = mexicoCityDay();
  const [number, setNumber] = useState('');
  const [person, setPerson] = useState('');
  const [dueOn, setDueOn] = useState(addDays(today, 7));
  const [notes, setNotes] = useState('');
  const [numberError, setNumberError] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setNumberError('');
    await run(async () => {
      let target = asset;
      if (!target) {
        const n = normalizeInventoryNumber(number);
        if (!n) {
          setNumberError(t('assets.loan.number_required'));
          throw new UserError(t('assets.loan.number_required'));
        }
        try {
          target = await api.get<Asset>(assetPaths.lookup, { number: n });
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) {
            setNumberError(t('assets.lookup.not_found', { number: n }));
            throw new UserError(t('assets.lookup.not_found', { number: n }));
          }
          throw err;
        }
      }
      if (!person) throw new UserError(t('assets.custody.person_required'));
      if (!dueOn) throw new UserError(t('assets.loan.due_required'));
      const loan = await api.post<Loan>(assetPaths.loans, { asset_id: target.id, person_id: apiId(person), due_on: dueOn, notes: notes.trim() });
      onDone({ message: t('assets.loan.done', { number: loan.inventory_number || target.inventory_number, name: loan.person_name }) });
    });
  }

  return (
    <Modal title={asset ? t('assets.loan.title_of', { number: asset.inventory_number }) : t('assets.loan.title')} onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['asset_id', 'person_id', 'due_on', 'notes']} />
        {!asset ? (
          <TextField
            label={t('assets.field.inventory_number')}
            required
            autoComplete="off"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            error={numberError || fieldError(error, 'asset_id')}
          />
        ) : null}
        <PersonSelect label={t('assets.loan.person')} required value={person} onChange={(id) => setPerson(id)} error={fieldError(error, 'person_id')} />
        <TextField
          label={t('assets.loan.due_on')}
          type="date"
          required
          min={today}
          max={addDays(today, MAX_LOAN_DAYS)}
          value={dueOn}
          onChange={(e) => setDueOn(e.target.value)}
          hint={t('assets.loan.due_hint')}
          error={fieldError(error, 'due_on')}
        />
        <TextAreaField label={t('assets.custody.notes')} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} error={fieldError(error, 'notes')} />
        <Buttons busy={busy} submit={t('assets.loan.submit')} onClose={onClose} />
      </form>
    </Modal>
  );
}

export function LoanReturnDialog({ loan, onClose, onDone }: DialogProps & { loan: Pick<Loan, 'id' | 'inventory_number' | 'person_name'> }) {
  const { t } = useI18n();
  const [condition, setCondition] = useState('');
  const [notes, setNotes] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const body: Record<string, unknown> = {};
      if (condition) body.condition = condition;
      if (notes.trim()) body.notes = notes.trim();
      await api.post<Loan>(assetPaths.loanReturn(loan.id), body);
      onDone({ message: t('assets.loan_return.done', { number: loan.inventory_number }) });
    });
  }

  return (
    <Modal title={t('assets.loan_return.title', { number: loan.inventory_number, name: loan.person_name })} onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['condition', 'notes']} />
        <SelectField
          label={t('assets.loan_return.condition')}
          value={condition}
          onChange={(e) => setCondition(e.target.value)}
          options={[{ value: '', label: t('assets.loan_return.condition_same') }, ...CONDITIONS.map((c) => ({ value: c, label: t(CONDITION_LABEL[c]) }))]}
          error={fieldError(error, 'condition')}
        />
        <TextAreaField label={t('assets.custody.notes')} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} error={fieldError(error, 'notes')} />
        <Buttons busy={busy} submit={t('assets.loan_return.submit')} onClose={onClose} />
      </form>
    </Modal>
  );
}

/** A disposal request for the given assets, or for those typed by inventory number (one a line). */
export function DisposalDialog({ assets, onClose, onDone }: DialogProps & { assets?: Pick<Asset, 'id' | 'inventory_number'>[] }) {
  const { t } = useI18n();
  const [numbers, setNumbers] = useState('');
  const [reason, setReason] = useState('');
  const [opinion, setOpinion] = useState('');
  const [numbersError, setNumbersError] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setNumbersError('');
    await run(async () => {
      let ids: Id[] = (assets ?? []).map((a) => a.id);
      if (!assets) {
        const list = [...new Set(numbers.split(/[\s,;]+/).map(normalizeInventoryNumber).filter(Boolean))];
        if (!list.length) {
          setNumbersError(t('assets.disposal.numbers_required'));
          throw new UserError(t('assets.disposal.numbers_required'));
        }
        const found: Id[] = [];
        const missing: string[] = [];
        for (const n of list) {
          try {
            found.push((await api.get<Asset>(assetPaths.lookup, { number: n })).id);
          } catch (err) {
            if (err instanceof ApiError && err.status === 404) missing.push(n);
            else throw err;
          }
        }
        if (missing.length) {
          setNumbersError(t('assets.disposal.numbers_missing', { numbers: missing.join(', ') }));
          throw new UserError(t('assets.disposal.numbers_missing', { numbers: missing.join(', ') }));
        }
        ids = found;
      }
      if (!reason.trim()) throw new UserError(t('assets.disposal.reason_required'));
      const body: Record<string, unknown> = { asset_ids: ids, reason: reason.trim() };
      if (opinion.trim()) body.opinion_ref = opinion.trim();
      const d = await api.post<Disposal>(assetPaths.disposals, body);
      onDone({ message: t('assets.disposal.requested', { folio: d.folio }) });
    });
  }

  return (
    <Modal
      title={assets?.length === 1 ? t('assets.disposal.title_of', { number: assets[0]!.inventory_number }) : t('assets.disposal.title')}
      onClose={onClose}
    >
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['asset_ids', 'reason', 'opinion_ref']} />
        {!assets ? (
          <TextAreaField
            label={t('assets.disposal.numbers')}
            required
            rows={3}
            hint={t('assets.disposal.numbers_hint')}
            value={numbers}
            onChange={(e) => setNumbers(e.target.value)}
            error={numbersError || fieldError(error, 'asset_ids')}
          />
        ) : null}
        <TextAreaField
          label={t('assets.disposal.reason')}
          required
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={fieldError(error, 'reason')}
        />
        <TextField
          label={t('assets.disposal.opinion_ref')}
          hint={t('assets.disposal.opinion_hint')}
          value={opinion}
          onChange={(e) => setOpinion(e.target.value)}
          error={fieldError(error, 'opinion_ref')}
        />
        <Buttons busy={busy} submit={t('assets.disposal.submit')} onClose={onClose} danger />
      </form>
    </Modal>
  );
}
