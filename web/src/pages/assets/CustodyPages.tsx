// Parque informático › Resguardos: assigning assets in custody to a servidor público (one document
// for all of them, downloadable as PDF at once), the list of custody documents, and one document.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import {
  ASSETS_READ_ALL,
  CONDITIONS,
  DOCUMENT_KINDS,
  assetPaths,
  type Asset,
  type AssetSummary,
  type CustodyDocument,
} from '../../api/assets';
import type { ListPage } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { Card } from '../../components/Card';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, UserError, fieldError } from '../../components/ErrorAlert';
import { SelectField, TextAreaField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { EmptyNote, PagedList } from '../../components/ListState';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useListParams } from '../../components/useListParams';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { describeAsset } from './format';
import { CONDITION_LABEL, DOCUMENT_KIND_LABEL, labelOf } from './labels';
import { AssetStatusBadge, DocumentPdfLink, Flash, InstantFilters, When, assetPath, documentPath, personPath } from './parts';
import { PersonSelect } from './PersonSelect';
import { apiId, idList } from './query';

const PER_PAGE = 25;

/** /activos/resguardos/asignar?ids=…&person=… */
export function CustodyAssignPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [person, setPerson] = useState(params.get('person') ?? '');
  const [chosen, setChosen] = useState<AssetSummary[]>([]);
  const [notes, setNotes] = useState('');
  const [condition, setCondition] = useState('');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const { busy, error, run } = useFormAction();
  const preselected = params.get('ids') ?? '';

  // The assets chosen on the list (or the asset page) come in by id.
  const initial = useResource(async () => {
    const ids = idList(preselected, 200);
    const out: AssetSummary[] = [];
    for (const id of ids) {
      try {
        out.push(await api.get<Asset>(assetPaths.asset(id)));
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      }
    }
    return out;
  }, [preselected]);
  useEffect(() => {
    if (initial.data) setChosen(initial.data);
  }, [initial.data]);

  const available = useResource(
    () => api.get<ListPage<AssetSummary>>(assetPaths.list, { status: 'en_almacen', q: search, per_page: 20, sort: 'inventory_number' }),
    [search],
  );

  function add(a: AssetSummary) {
    setChosen((old) => (old.some((x) => String(x.id) === String(a.id)) ? old : [...old, a]));
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(
      async () => {
        if (!person) throw new UserError(t('assets.custody.person_required'));
        if (!chosen.length) throw new UserError(t('assets.assign.assets_required'));
        const body: Record<string, unknown> = { person_id: apiId(person), asset_ids: chosen.map((a) => a.id), notes: notes.trim() };
        if (condition) body.condition = condition;
        const doc = await api.post<CustodyDocument>(assetPaths.assign, body);
        navigate(documentPath(doc.id), { state: { flash: t('assets.assign.done', { folio: doc.folio, name: doc.person_name }) } });
      },
      { leaves: true },
    );
  }

  const notInStorage = chosen.filter((a) => a.status !== 'en_almacen');

  return (
    <Page title={t('assets.assign.title')}>
      <p>
        <Link to="/activos">← {t('assets.back_list')}</Link>
      </p>
      <p className="page-intro">{t('assets.assign.intro')}</p>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error ?? initial.error} fields={['person_id', 'asset_ids', 'notes', 'condition']} />
        <Card id="as-assign-person" title={t('assets.assign.step_person')} className="form-card">
          <PersonSelect
            label={t('assets.assign.person')}
            required
            value={person}
            onChange={(id) => setPerson(id)}
            error={fieldError(error, 'person_id')}
          />
        </Card>
        <Card id="as-assign-assets" title={t('assets.assign.step_assets', { count: chosen.length })} className="form-card as-wide-card">
          {initial.loading && preselected ? <Loading /> : null}
          {chosen.length ? (
            <DataTable caption={t('assets.assign.chosen')} columns={[t('assets.col.inventory_number'), t('assets.col.description'), t('assets.col.serial'), t('assets.col.status'), t('common.actions')]}>
              {chosen.map((a) => (
                <tr key={String(a.id)}>
                  <td>
                    <Link to={assetPath(a.id)}>{a.inventory_number}</Link>
                  </td>
                  <td>{describeAsset(a)}</td>
                  <td>{a.serial || '—'}</td>
                  <td>
                    <AssetStatusBadge status={a.status} />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-label={t('assets.assign.remove_named', { number: a.inventory_number })}
                      onClick={() => setChosen((old) => old.filter((x) => String(x.id) !== String(a.id)))}
                    >
                      {t('assets.assign.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p className="muted">{t('assets.assign.none_chosen')}</p>
          )}
          {fieldError(error, 'asset_ids') ? <p className="field-error">{fieldError(error, 'asset_ids')}</p> : null}
          {notInStorage.length ? (
            <div className="alert alert--error" role="alert">
              <p>{t('assets.assign.not_in_storage', { numbers: notInStorage.map((a) => a.inventory_number).join(', ') })}</p>
            </div>
          ) : null}
          <div className="as-inline-search">
            <TextField
              label={t('assets.assign.search')}
              type="search"
              value={q}
              hint={t('assets.assign.search_hint')}
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  setSearch(q.trim());
                }
              }}
            />
            <button type="button" className="button button--secondary" onClick={() => setSearch(q.trim())}>
              {t('common.search')}
            </button>
          </div>
          <ErrorAlert error={available.error} />
          {available.data ? (
            available.data.items.length ? (
              <ul className="as-pick-list" aria-label={t('assets.assign.available')}>
                {available.data.items.map((a) => {
                  const isChosen = chosen.some((x) => String(x.id) === String(a.id));
                  return (
                    <li key={String(a.id)}>
                      <span>
                        <strong>{a.inventory_number}</strong> · {describeAsset(a)}
                        {a.serial ? <span className="muted"> · {a.serial}</span> : null}
                      </span>
                      <button
                        type="button"
                        className="button button--secondary as-small-button"
                        disabled={isChosen}
                        aria-label={t('assets.assign.add_named', { number: a.inventory_number })}
                        onClick={() => add(a)}
                      >
                        {t(isChosen ? 'assets.assign.added' : 'assets.assign.add')}
                      </button>
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p className="muted">{t('assets.assign.no_available')}</p>
            )
          ) : null}
        </Card>
        <Card id="as-assign-notes" title={t('assets.assign.step_notes')} className="form-card">
          <SelectField
            label={t('assets.assign.condition')}
            value={condition}
            onChange={(e) => setCondition(e.target.value)}
            options={[{ value: '', label: t('assets.assign.condition_keep') }, ...CONDITIONS.map((c) => ({ value: c, label: t(CONDITION_LABEL[c]) }))]}
            error={fieldError(error, 'condition')}
          />
          <TextAreaField label={t('assets.custody.notes')} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} error={fieldError(error, 'notes')} />
        </Card>
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t('assets.assign.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}

/** /activos/resguardos: every custody document (or one's own), by kind and person. */
export function CustodyDocumentsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const readAll = can(ASSETS_READ_ALL);
  const { params, setParams, page, setPage, update } = useListParams();
  const kind = params.get('kind') ?? '';
  const person = params.get('person_id') ?? '';
  const docs = useResource(
    () => api.get<ListPage<CustodyDocument>>(assetPaths.documents, { kind, person_id: person, page, per_page: PER_PAGE }),
    [kind, person, page],
  );
  const filtered = Boolean(kind || person);

  return (
    <Page
      title={t(readAll ? 'assets.docs.title' : 'assets.docs.title_mine')}
      actions={
        can(ASSETS_READ_ALL) ? (
          <Link className="button" to="/activos/resguardos/asignar">
            {t('assets.docs.new')}
          </Link>
        ) : undefined
      }
    >
      <InstantFilters
        label={t('assets.docs.filters')}
        onClear={filtered ? () => setParams(new URLSearchParams()) : undefined}
      >
        <SelectField
          label={t('assets.docs.kind')}
          value={kind}
          onChange={(e) => update({ kind: e.target.value })}
          options={[{ value: '', label: t('assets.docs.all_kinds') }, ...DOCUMENT_KINDS.map((k) => ({ value: k, label: t(DOCUMENT_KIND_LABEL[k]) }))]}
        />
        {readAll ? (
          <PersonSelect label={t('assets.docs.person')} value={person} emptyLabel={t('assets.filter.anyone')} onChange={(id) => update({ person_id: id })} />
        ) : null}
      </InstantFilters>
      <PagedList
        list={docs}
        summary={(total) => t('assets.docs.count', { total })}
        page={page}
        perPage={PER_PAGE}
        onPage={setPage}
        paginationLabel={t('assets.docs.pagination')}
        empty={<EmptyNote>{t(filtered ? 'assets.docs.empty_filtered' : 'assets.docs.empty')}</EmptyNote>}
      >
        {(data) => (
          <DataTable
            caption={t('assets.docs.title')}
            busy={docs.loading}
            columns={[t('assets.docs.folio'), t('assets.docs.kind'), t('assets.docs.person'), t('assets.docs.area'), t('assets.docs.date'), t('assets.docs.by'), t('assets.docs.pdf')]}
          >
            {data.items.map((d) => (
              <tr key={String(d.id)}>
                <td>
                  <Link to={documentPath(d.id)}>{d.folio}</Link>
                </td>
                <td>{labelOf(t, DOCUMENT_KIND_LABEL, d.kind)}</td>
                <td>{readAll ? <Link to={personPath(d.person_id)}>{d.person_name}</Link> : d.person_name}</td>
                <td>{d.area_name || '—'}</td>
                <td>
                  <When at={d.created_at} />
                </td>
                <td>{d.created_by_name}</td>
                <td>
                  <DocumentPdfLink id={d.id} label={t('assets.docs.pdf_named', { folio: d.folio })} className="link-button" />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedList>
    </Page>
  );
}

/** /activos/resguardos/:id: a custody document, with its PDF. */
export function CustodyDocumentPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { can } = useAuth();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash ?? '';
  const doc = useResource(() => api.get<CustodyDocument>(assetPaths.document(id)), [id]);

  if (doc.loading && !doc.data) return <Loading />;
  if (!doc.data)
    return (
      <Page title={t('assets.doc.title_missing')}>
        {doc.error instanceof ApiError && doc.error.status === 404 ? (
          <div className="alert alert--error" role="alert">
            <p>{t('assets.doc.not_found')}</p>
          </div>
        ) : (
          <ErrorAlert error={doc.error} />
        )}
        <p>
          <Link to="/activos/resguardos">← {t('assets.docs.back')}</Link>
        </p>
      </Page>
    );
  const d = doc.data;
  const readAll = can(ASSETS_READ_ALL);
  const downloadLabel = d.kind === 'no_adeudo' ? t('assets.doc.download_no_adeudo') : t('assets.doc.download');
  return (
    <Page title={t('assets.doc.title', { kind: labelOf(t, DOCUMENT_KIND_LABEL, d.kind), folio: d.folio })}>
      <p>
        <Link to="/activos/resguardos">← {t('assets.docs.back')}</Link>
      </p>
      <Flash message={flash} />
      <p className="as-download-row">
        <DocumentPdfLink id={d.id} label={downloadLabel} className="button as-big-button" />
      </p>
      <Card id="as-doc-data" title={t('assets.doc.data')}>
        <dl className="details">
          <div className="details-row">
            <dt>{t('assets.docs.folio')}</dt>
            <dd data-testid="folio">{d.folio}</dd>
          </div>
          <div className="details-row">
            <dt>{t('assets.docs.kind')}</dt>
            <dd>{labelOf(t, DOCUMENT_KIND_LABEL, d.kind)}</dd>
          </div>
          <div className="details-row">
            <dt>{t('assets.docs.person')}</dt>
            <dd data-testid="document-person">{readAll ? <Link to={personPath(d.person_id)}>{d.person_name}</Link> : d.person_name}</dd>
          </div>
          <div className="details-row">
            <dt>{t('assets.doc.position')}</dt>
            <dd>{d.position || '—'}</dd>
          </div>
          <div className="details-row">
            <dt>{t('assets.docs.area')}</dt>
            <dd>{d.area_name || '—'}</dd>
          </div>
          {d.previous_id != null ? (
            <div className="details-row">
              <dt>{t('assets.doc.previous')}</dt>
              <dd>
                <Link to={documentPath(d.previous_id)}>{d.previous_folio ?? `#${String(d.previous_id)}`}</Link>
              </dd>
            </div>
          ) : null}
          <div className="details-row">
            <dt>{t('assets.docs.date')}</dt>
            <dd>
              <When at={d.created_at} />
            </dd>
          </div>
          <div className="details-row">
            <dt>{t('assets.docs.by')}</dt>
            <dd>{d.created_by_name}</dd>
          </div>
          {d.notes ? (
            <div className="details-row">
              <dt>{t('assets.custody.notes')}</dt>
              <dd className="hd-pre">{d.notes}</dd>
            </div>
          ) : null}
        </dl>
      </Card>
      {d.assets?.length ? (
        <Card id="as-doc-assets" title={t('assets.doc.assets', { count: d.assets.length })}>
          <DataTable
            caption={t('assets.doc.assets', { count: d.assets.length })}
            columns={[t('assets.col.inventory_number'), t('assets.col.description'), t('assets.col.brand_model'), t('assets.col.serial'), t('assets.field.condition')]}
          >
            {d.assets.map((a) => (
              <tr key={String(a.id)}>
                <td>
                  <Link to={assetPath(a.id)}>{a.inventory_number}</Link>
                </td>
                <td>{a.description || '—'}</td>
                <td>{[a.brand, a.model].filter(Boolean).join(' ') || '—'}</td>
                <td>{a.serial || '—'}</td>
                <td>{labelOf(t, CONDITION_LABEL, a.condition)}</td>
              </tr>
            ))}
          </DataTable>
        </Card>
      ) : null}
    </Page>
  );
}
