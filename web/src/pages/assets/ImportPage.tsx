// Parque informático › Importar (/activos/importar, assets.manage): a CSV or XLSX file of assets,
// its columns mapped to asset fields (the CSV header is read here and the mapping suggested; for
// XLSX the columns are typed, or the server's auto-mapping is used), a dry run that reports what
// would be created, updated, left unchanged or rejected, and then the import itself.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { assetPaths, type ImportReport } from '../../api/assets';
import { Card } from '../../components/Card';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, UserError } from '../../components/ErrorAlert';
import { CheckboxField, Field, SelectField, TextField, type Option } from '../../components/forms';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useI18n } from '../../i18n';
import { csvForUpload, importFormat, readCsvFileHeader } from './csv';
import { ASSET_FIELD_LABEL, labelOf } from './labels';
import { IMPORT_FIELDS, customTarget, duplicateTargets, mappingForApi, mapsInventoryNumber, suggestMapping, type CustomFieldTarget } from './mapping';
import { useAssetTypes } from './parts';

const MAX_IMPORT = 12 * 1024 * 1024;

interface MappingRow {
  uid: number;
  header: string;
  target: string;
  /** Read from the file (its header cannot be edited) or typed by the user. */
  fromFile: boolean;
}

let nextUid = 1;

export function ImportPage() {
  const { t } = useI18n();
  const types = useAssetTypes();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<'csv' | 'xlsx' | null>(null);
  const [rows, setRows] = useState<MappingRow[]>([]);
  const [auto, setAuto] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [readError, setReadError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  const { busy, error, run } = useFormAction();

  const custom: (CustomFieldTarget & { type: string })[] = useMemo(() => {
    const seen = new Map<string, CustomFieldTarget & { type: string }>();
    for (const ty of types.data ?? []) for (const f of ty.fields ?? []) if (!seen.has(f.key)) seen.set(f.key, { key: f.key, label: f.label, type: ty.name });
    return [...seen.values()];
  }, [types.data]);

  const targetOptions: Option[] = [
    { value: '', label: t('assets.import.ignore') },
    ...IMPORT_FIELDS.map((f) => ({ value: f, label: labelOf(t, ASSET_FIELD_LABEL, f) })),
    ...custom.map((c) => ({ value: customTarget(c.key), label: t('assets.import.custom_target', { label: c.label, type: c.type }) })),
  ];

  const mapping = Object.fromEntries(rows.filter((r) => r.header.trim()).map((r) => [r.header.trim(), r.target]));
  const dups = duplicateTargets(mapping);

  function invalidate() {
    setReport(null);
    setDone(null);
  }

  async function onFile(f: File | null) {
    invalidate();
    setReadError(null);
    setFile(f);
    setRows([]);
    if (!f) {
      setFormat(null);
      return;
    }
    const fmt = importFormat(f.name);
    setFormat(fmt);
    if (fmt === 'csv') {
      try {
        const headers = await readCsvFileHeader(f);
        const suggested = suggestMapping(headers, custom);
        setRows(headers.filter(Boolean).map((h) => ({ uid: nextUid++, header: h, target: suggested[h] ?? '', fromFile: true })));
        setAuto(false);
      } catch (err) {
        setReadError(err);
      }
    } else if (fmt === 'xlsx') {
      setAuto(true);
    }
  }

  function updateRow(uid: number, changes: Partial<MappingRow>) {
    invalidate();
    setRows((old) => old.map((r) => (r.uid === uid ? { ...r, ...changes } : r)));
  }

  async function send(dryRun: boolean) {
    await run(async () => {
      if (!file) throw new UserError(t('assets.import.file_required'));
      if (!format) throw new UserError(t('assets.import.format_unknown'));
      if (file.size > MAX_IMPORT) throw new UserError(t('assets.import.too_large'));
      const useMapping = !auto;
      if (useMapping) {
        if (dups.length) throw new UserError(t('assets.import.duplicates', { fields: dups.map((d) => targetLabel(d)).join(', ') }));
        if (!mapsInventoryNumber(mapping)) throw new UserError(t('assets.import.number_unmapped'));
      }
      // The server reads comma-separated UTF-8: a semicolon (Excel es-MX) or Windows-1252 CSV is rewritten.
      const bytes = new Uint8Array(await file.arrayBuffer());
      const body = format === 'csv' ? csvForUpload(bytes).data : bytes;
      const res = await api.upload<ImportReport>(assetPaths.import, body.slice().buffer, {
        format,
        dry_run: dryRun ? 'true' : 'false',
        mapping: useMapping ? JSON.stringify(mappingForApi(mapping)) : undefined,
      });
      if (dryRun) {
        setReport(res);
        setDone(null);
      } else {
        setDone(res);
        setReport(null);
      }
    });
  }

  function targetLabel(target: string): string {
    return targetOptions.find((o) => o.value === target)?.label ?? target;
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void send(true);
  }

  function reset() {
    setFile(null);
    setFormat(null);
    setRows([]);
    invalidate();
    if (input.current) input.current.value = '';
  }

  return (
    <Page title={t('assets.import.title')}>
      <p>
        <Link to="/activos">← {t('assets.back_list')}</Link>
      </p>
      <p className="page-intro">{t('assets.import.intro')}</p>
      {done ? (
        <div role="status" className="alert alert--success">
          <p>{t('assets.import.done', { created: done.created, updated: done.updated, unchanged: done.unchanged, rejected: done.rejected.length })}</p>
        </div>
      ) : (
        <div role="status" className="visually-hidden" />
      )}
      <form onSubmit={onSubmit} noValidate>
        <ErrorAlert error={error ?? readError ?? types.error} />
        <Card id="as-import-file" title={t('assets.import.step_file')} className="form-card as-wide-card">
          <Field label={t('assets.import.file')} hint={t('assets.import.file_hint')}>
            {(control) => (
              <input
                {...control}
                ref={input}
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => void onFile(e.target.files?.[0] ?? null)}
              />
            )}
          </Field>
          {file && !format ? <p className="field-error">{t('assets.import.format_unknown')}</p> : null}
          {file && format ? <p className="muted hd-small">{t('assets.import.file_info', { name: file.name, format: format.toUpperCase() })}</p> : null}
        </Card>
        {file && format ? (
          <Card id="as-import-mapping" title={t('assets.import.step_mapping')} className="form-card as-wide-card">
            <p className="muted">{t(format === 'csv' ? 'assets.import.mapping_csv' : 'assets.import.mapping_xlsx')}</p>
            <CheckboxField
              label={t('assets.import.auto')}
              checked={auto}
              onChange={(e) => {
                invalidate();
                setAuto(e.target.checked);
              }}
            />
            {!auto ? (
              <>
                {rows.length ? (
                  <DataTable caption={t('assets.import.step_mapping')} columns={[t('assets.import.column'), t('assets.import.target'), t('common.actions')]}>
                    {rows.map((r) => (
                      <tr key={r.uid}>
                        <td>
                          {r.fromFile ? (
                            <code>{r.header}</code>
                          ) : (
                            <TextField label={t('assets.import.column_typed')} value={r.header} onChange={(e) => updateRow(r.uid, { header: e.target.value })} />
                          )}
                        </td>
                        <td>
                          <SelectField
                            label={t('assets.import.target_for', { column: r.header || '…' })}
                            value={r.target}
                            options={targetOptions}
                            onChange={(e) => updateRow(r.uid, { target: e.target.value })}
                            error={r.target && dups.includes(r.target) ? t('assets.import.duplicate_one') : undefined}
                          />
                        </td>
                        <td>
                          {!r.fromFile ? (
                            <button
                              type="button"
                              className="link-button"
                              onClick={() => {
                                invalidate();
                                setRows((old) => old.filter((x) => x.uid !== r.uid));
                              }}
                            >
                              {t('assets.import.remove_column')}
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </DataTable>
                ) : (
                  <p className="muted">{t('assets.import.no_columns')}</p>
                )}
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    invalidate();
                    setRows((old) => [...old, { uid: nextUid++, header: '', target: '', fromFile: false }]);
                  }}
                >
                  {t('assets.import.add_column')}
                </button>
              </>
            ) : (
              <p className="hd-small">{t('assets.import.auto_hint')}</p>
            )}
          </Card>
        ) : null}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy || !file || !format}>
            {t('assets.import.dry_run')}
          </button>
          {report ? (
            <button type="button" className="button" disabled={busy} onClick={() => void send(false)}>
              {t('assets.import.commit')}
            </button>
          ) : null}
          {file ? (
            <button type="button" className="button button--secondary" onClick={reset}>
              {t('assets.import.reset')}
            </button>
          ) : null}
        </div>
      </form>
      {report ? <ReportView report={report} /> : null}
      {done ? <ReportView report={done} /> : null}
    </Page>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  const { t } = useI18n();
  return (
    <section className="card as-wide-card" aria-labelledby="as-import-report">
      <h2 id="as-import-report">{t(report.dry_run ? 'assets.import.report_dry' : 'assets.import.report')}</h2>
      <ul className="as-counts as-counts--small" data-testid="import-report">
        <li className="as-count">
          <span className="as-count-value">{report.total}</span>
          <span className="as-count-label">{t('assets.import.total')}</span>
        </li>
        <li className="as-count as-count--encontrado">
          <span className="as-count-value">{report.created}</span>
          <span className="as-count-label">{t(report.dry_run ? 'assets.import.would_create' : 'assets.import.created')}</span>
        </li>
        <li className="as-count as-count--otra_ubicacion">
          <span className="as-count-value">{report.updated}</span>
          <span className="as-count-label">{t(report.dry_run ? 'assets.import.would_update' : 'assets.import.updated')}</span>
        </li>
        <li className="as-count">
          <span className="as-count-value">{report.unchanged}</span>
          <span className="as-count-label">{t('assets.import.unchanged')}</span>
        </li>
        <li className="as-count as-count--faltante">
          <span className="as-count-value">{report.rejected.length}</span>
          <span className="as-count-label">{t('assets.import.rejected')}</span>
        </li>
      </ul>
      {report.dry_run ? <p className="muted">{t('assets.import.dry_note')}</p> : null}
      {report.rejected.length ? (
        <DataTable
          caption={t('assets.import.rejected')}
          columns={[t('assets.import.row'), t('assets.col.inventory_number'), t('assets.import.field'), t('assets.import.reason')]}
        >
          {report.rejected.map((r, i) => (
            <tr key={`${r.row}-${i}`}>
              <td>{r.row}</td>
              <td>{r.inventory_number ?? '—'}</td>
              <td>{r.field ? labelOf(t, ASSET_FIELD_LABEL, r.field) : '—'}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}
