// Parque informático › Tipos y configuración (/activos/tipos, assets.manage): asset types with their
// custom fields (text, number, date, list), and the module's settings (inventory number pattern,
// the label's base URL, the custody documents' folio prefix).
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { api } from '../../api/client';
import { ASSET_FIELD_TYPES, assetPaths, type AssetFieldSpec, type AssetFieldType, type AssetSettings, type AssetType } from '../../api/assets';
import { Card } from '../../components/Card';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, UserError, fieldError } from '../../components/ErrorAlert';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { EmptyNote, ListState } from '../../components/ListState';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { moveItem, slugKey } from '../helpdesk/fieldSpecs';
import { cleanAssetFieldSpec, fieldKind, validateAssetFieldSpecs, type FieldSpecProblem } from './fields';
import { FIELD_TYPE_LABEL, labelOf } from './labels';
import { Flash, useAssetTypes } from './parts';

type Editing = { mode: 'create' } | { mode: 'edit'; type: AssetType } | null;

export function TypesPage() {
  const { t } = useI18n();
  const types = useAssetTypes();
  const [editing, setEditing] = useState<Editing>(null);
  const [flash, setFlash] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  function start(value: Editing) {
    setFlash('');
    setEditing(value);
    requestAnimationFrame(() => heading.current?.focus());
  }

  const sorted = (types.data ?? []).slice().sort((a, b) => a.name.localeCompare(b.name, 'es-MX'));

  return (
    <Page title={t('assets.types.title')}>
      <section aria-labelledby="as-types-heading">
        <div className="section-header">
          <h2 id="as-types-heading">{t('assets.types.types')}</h2>
          <button type="button" className="button" onClick={() => start({ mode: 'create' })}>
            {t('assets.types.new')}
          </button>
        </div>
        <Flash message={flash} />
        {editing ? (
          <TypeForm
            key={editing.mode === 'edit' ? `edit-${String(editing.type.id)}` : 'new'}
            original={editing.mode === 'edit' ? editing.type : null}
            headingRef={heading}
            onCancel={() => setEditing(null)}
            onSaved={(ty, created) => {
              setEditing(null);
              setFlash(t(created ? 'assets.types.created' : 'assets.types.updated', { name: ty.name }));
              types.reload();
            }}
          />
        ) : null}
        <ListState list={{ ...types, data: types.data ? sorted : undefined }} empty={<EmptyNote>{t('assets.types.empty')}</EmptyNote>}>
          {(items) => (
            <DataTable
              caption={t('assets.types.types')}
              columns={[t('assets.types.name'), t('assets.types.code'), t('assets.types.fields'), t('assets.types.assets'), t('common.status'), t('common.actions')]}
            >
              {items.map((ty) => (
                <tr key={String(ty.id)}>
                  <td>{ty.name}</td>
                  <td>
                    <code>{ty.code}</code>
                  </td>
                  <td>{(ty.fields ?? []).map((f) => f.label).join(', ') || '—'}</td>
                  <td>{ty.asset_count ?? 0}</td>
                  <td>{ty.active ? t('common.active') : t('common.inactive')}</td>
                  <td>
                    <button type="button" className="link-button" aria-label={t('assets.types.edit_named', { name: ty.name })} onClick={() => start({ mode: 'edit', type: ty })}>
                      {t('common.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </ListState>
      </section>
      <SettingsForm />
    </Page>
  );
}

interface EditorField {
  uid: number;
  key: string;
  label: string;
  type: AssetFieldType;
  required: boolean;
  optionsText: string;
  maxLength?: number;
  /** Existing keys cannot be renamed (the server refuses it). */
  existing: boolean;
  keyEdited: boolean;
}

let nextUid = 1;

function editorFields(specs: AssetFieldSpec[]): EditorField[] {
  return specs.map((s) => ({
    uid: nextUid++,
    key: s.key,
    label: s.label,
    type: fieldKind(s.type),
    required: s.required,
    optionsText: (s.options ?? []).join('\n'),
    maxLength: s.max_length,
    existing: true,
    keyEdited: true,
  }));
}

function specsOf(fields: EditorField[]): AssetFieldSpec[] {
  return fields.map((f) => {
    const spec: AssetFieldSpec = { key: f.key, label: f.label, type: f.type, required: f.required };
    if (f.type === 'list') spec.options = f.optionsText.split('\n');
    if (f.maxLength !== undefined) spec.max_length = f.maxLength;
    return spec;
  });
}

interface FormProps {
  original: AssetType | null;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onCancel: () => void;
  onSaved: (type: AssetType, created: boolean) => void;
}

function TypeForm({ original, headingRef, onCancel, onSaved }: FormProps) {
  const { t } = useI18n();
  const [code, setCode] = useState(original?.code ?? '');
  const [name, setName] = useState(original?.name ?? '');
  const [active, setActive] = useState(original?.active ?? true);
  const [fields, setFields] = useState<EditorField[]>(() => editorFields(original?.fields ?? []));
  const [problems, setProblems] = useState<FieldSpecProblem[]>([]);
  const { busy, error, run } = useFormAction();

  function update(i: number, changes: Partial<EditorField>) {
    setFields((old) => old.map((f, j) => (j === i ? { ...f, ...changes } : f)));
  }

  function problem(i: number, part: FieldSpecProblem['part']): string | undefined {
    const p = problems.find((x) => x.index === i && x.part === part);
    return p ? t(p.message) : fieldError(error, `fields[${i}].${part}`) ?? fieldError(error, `fields.${i}.${part}`);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const specs = specsOf(fields);
    const found = validateAssetFieldSpecs(specs);
    setProblems(found);
    await run(async () => {
      if (!name.trim()) throw new UserError(t('assets.types.name_required'));
      if (found.length) throw new UserError(t('assets.types.fix_fields'));
      const body = { code: code.trim(), name: name.trim(), active, fields: specs.map(cleanAssetFieldSpec) };
      const saved = original ? await api.patch<AssetType>(assetPaths.type(original.id), body) : await api.post<AssetType>(assetPaths.types, body);
      onSaved(saved, !original);
    });
  }

  return (
    <Card id="as-type-form" title={original ? t('assets.types.edit_title', { name: original.name }) : t('assets.types.new')} className="form-card as-wide-card">
      <h3 ref={headingRef} tabIndex={-1} className="visually-hidden">
        {original ? t('assets.types.edit_title', { name: original.name }) : t('assets.types.new')}
      </h3>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['code', 'name', 'active', 'fields']} />
        <div className="as-grid">
          <TextField label={t('assets.types.name')} required value={name} onChange={(e) => setName(e.target.value)} error={fieldError(error, 'name')} />
          <TextField
            label={t('assets.types.code')}
            required
            value={code}
            hint={t('assets.types.code_hint')}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            error={fieldError(error, 'code')}
          />
        </div>
        <CheckboxField label={t('assets.types.active')} checked={active} onChange={(e) => setActive(e.target.checked)} />
        <fieldset className="fieldset">
          <legend>{t('assets.spec.title')}</legend>
          <p className="field-hint">{t('assets.spec.intro')}</p>
          {fieldError(error, 'fields') ? <p className="field-error">{fieldError(error, 'fields')}</p> : null}
          {fields.length === 0 ? <p className="muted">{t('assets.spec.empty')}</p> : null}
          <ol className="hd-spec-list">
            {fields.map((f, i) => {
              const label = f.label.trim() || t('assets.spec.unnamed', { n: i + 1 });
              return (
                <li key={f.uid} className="hd-spec-item">
                  <fieldset className="fieldset">
                    <legend>{t('assets.spec.field_n', { n: i + 1, name: label })}</legend>
                    <div className="hd-spec-grid">
                      <TextField
                        label={t('assets.spec.label')}
                        required
                        value={f.label}
                        maxLength={120}
                        onChange={(e) => update(i, { label: e.target.value, ...(f.keyEdited ? {} : { key: slugKey(e.target.value) }) })}
                        error={problem(i, 'label')}
                      />
                      <TextField
                        label={t('assets.spec.key')}
                        required
                        value={f.key}
                        maxLength={40}
                        readOnly={f.existing}
                        hint={t(f.existing ? 'assets.spec.key_fixed' : 'assets.spec.key_hint')}
                        onChange={(e) => update(i, { key: e.target.value, keyEdited: true })}
                        error={problem(i, 'key')}
                      />
                      <SelectField
                        label={t('assets.spec.type')}
                        value={f.type}
                        onChange={(e) => update(i, { type: e.target.value as AssetFieldType })}
                        options={ASSET_FIELD_TYPES.map((ft) => ({ value: ft, label: labelOf(t, FIELD_TYPE_LABEL, ft) }))}
                      />
                    </div>
                    <CheckboxField label={t('assets.spec.required')} checked={f.required} onChange={(e) => update(i, { required: e.target.checked })} />
                    {f.type === 'list' ? (
                      <TextAreaField
                        label={t('assets.spec.options')}
                        required
                        rows={3}
                        hint={t('assets.spec.options_hint')}
                        value={f.optionsText}
                        onChange={(e) => update(i, { optionsText: e.target.value })}
                        error={problem(i, 'options')}
                      />
                    ) : null}
                    <div className="button-row">
                      <button
                        type="button"
                        className="button button--secondary"
                        disabled={i === 0}
                        aria-label={t('assets.spec.up_named', { name: label })}
                        onClick={() => setFields(moveItem(fields, i, i - 1))}
                      >
                        {t('assets.spec.up')}
                      </button>
                      <button
                        type="button"
                        className="button button--secondary"
                        disabled={i === fields.length - 1}
                        aria-label={t('assets.spec.down_named', { name: label })}
                        onClick={() => setFields(moveItem(fields, i, i + 1))}
                      >
                        {t('assets.spec.down')}
                      </button>
                      <button
                        type="button"
                        className="button button--danger"
                        aria-label={t('assets.spec.remove_named', { name: label })}
                        onClick={() => {
                          if (f.existing && !window.confirm(t('assets.spec.remove_confirm', { name: label }))) return;
                          setFields(fields.filter((_, j) => j !== i));
                        }}
                      >
                        {t('assets.spec.remove')}
                      </button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            className="button button--secondary"
            onClick={() =>
              setFields([...fields, { uid: nextUid++, key: '', label: '', type: 'text', required: false, optionsText: '', existing: false, keyEdited: false }])
            }
          >
            {t('assets.spec.add')}
          </button>
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t(original ? 'common.save' : 'assets.types.create')}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Card>
  );
}

function SettingsForm() {
  const { t } = useI18n();
  const settings = useResource(() => api.get<AssetSettings>(assetPaths.settings), []);
  if (settings.loading && !settings.data) return <Loading />;
  if (!settings.data) return <ErrorAlert error={settings.error} />;
  return <SettingsEditor key={JSON.stringify(settings.data)} original={settings.data} onSaved={settings.reload} title={t('assets.settings.title')} />;
}

function SettingsEditor({ original, onSaved, title }: { original: AssetSettings; onSaved: () => void; title: string }) {
  const { t } = useI18n();
  const [pattern, setPattern] = useState(original.inventory_pattern ?? '');
  const [baseUrl, setBaseUrl] = useState(original.label_base_url ?? '');
  const [prefix, setPrefix] = useState(original.folio_prefix ?? '');
  const [flash, setFlash] = useState('');
  const [patternError, setPatternError] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFlash('');
    setPatternError('');
    await run(async () => {
      try {
        new RegExp(pattern);
      } catch {
        setPatternError(t('assets.settings.pattern_invalid'));
        throw new UserError(t('assets.settings.pattern_invalid'));
      }
      const changes: Partial<AssetSettings> = {};
      if (pattern !== original.inventory_pattern) changes.inventory_pattern = pattern;
      if (baseUrl.trim() !== original.label_base_url) changes.label_base_url = baseUrl.trim();
      if (prefix.trim() !== original.folio_prefix) changes.folio_prefix = prefix.trim();
      if (Object.keys(changes).length) await api.patch<AssetSettings>(assetPaths.settings, changes);
      setFlash(t('assets.settings.saved'));
      onSaved();
    });
  }

  return (
    <Card id="as-settings" title={title} className="form-card as-wide-card">
      <Flash message={flash} />
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['inventory_pattern', 'label_base_url', 'folio_prefix']} />
        <TextField
          label={t('assets.settings.pattern')}
          value={pattern}
          hint={t('assets.settings.pattern_hint')}
          spellCheck={false}
          onChange={(e) => setPattern(e.target.value)}
          error={patternError || fieldError(error, 'inventory_pattern')}
        />
        <TextField
          label={t('assets.settings.base_url')}
          type="url"
          value={baseUrl}
          hint={t('assets.settings.base_url_hint')}
          onChange={(e) => setBaseUrl(e.target.value)}
          error={fieldError(error, 'label_base_url')}
        />
        <TextField
          label={t('assets.settings.folio_prefix')}
          value={prefix}
          hint={t('assets.settings.folio_hint')}
          onChange={(e) => setPrefix(e.target.value)}
          error={fieldError(error, 'folio_prefix')}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('common.save')}
        </button>
      </form>
    </Card>
  );
}
