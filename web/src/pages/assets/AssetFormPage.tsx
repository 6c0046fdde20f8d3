// Parque informático › Registrar bien (/activos/nuevo) and Editar (/activos/:id/editar): the asset's
// data, its area and location, its parent by inventory number, and the custom fields of its type
// drawn from the type's spec. The server's field errors appear beside each field.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import { CONDITIONS, assetPaths, type Asset, type AssetInput, type AssetSettings, type AssetType } from '../../api/assets';
import { Card } from '../../components/Card';
import { ErrorAlert, UserError, fieldError } from '../../components/ErrorAlert';
import { Field, SelectField, TextAreaField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { areaOptions, useAreas } from '../org/useAreas';
import { customValuesForApi, customValuesFrom, fieldKind, inputTypeOf, sameValues, type CustomValues } from './fields';
import { parseCost } from './format';
import { CONDITION_LABEL } from './labels';
import { assetPath, useAssetTypes } from './parts';
import { normalizeInventoryNumber } from './scan';

const TEXT_FIELDS = [
  'inventory_number',
  'serial',
  'brand',
  'model',
  'specs',
  'invoice_number',
  'supplier',
  'budget_line',
  'funding_source',
  'building',
  'floor',
  'office',
  'notes',
] as const;
type TextKey = (typeof TEXT_FIELDS)[number];

const FORM_FIELDS = [...TEXT_FIELDS, 'type_id', 'acquired_on', 'cost', 'warranty_end', 'area_id', 'condition', 'parent_id', 'fields'];

export function AssetFormPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const types = useAssetTypes();
  const asset = useResource(() => (id ? api.get<Asset>(assetPaths.asset(id)) : Promise.resolve(null)), [id]);
  const title = id ? t('assets.form.edit_title', { number: asset.data?.inventory_number ?? '' }) : t('assets.form.new_title');

  if ((asset.loading && asset.data === undefined) || (types.loading && !types.data)) return <Loading />;
  if (asset.error || types.error) {
    return (
      <Page title={title}>
        <ErrorAlert error={asset.error ?? types.error} />
        <p>
          <Link to="/activos">← {t('assets.back_list')}</Link>
        </p>
      </Page>
    );
  }
  return <AssetForm key={id ?? 'new'} original={asset.data ?? null} types={types.data ?? []} title={title} />;
}

function initialText(a: Asset | null): Record<TextKey, string> {
  const out = {} as Record<TextKey, string>;
  for (const k of TEXT_FIELDS) out[k] = a ? String(a[k] ?? '') : '';
  return out;
}

function AssetForm({ original, types, title }: { original: Asset | null; types: AssetType[]; title: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const areas = useAreas();
  const settings = useResource(() => api.get<AssetSettings>(assetPaths.settings).catch(() => null), []);
  const [text, setText] = useState(() => initialText(original));
  const [typeId, setTypeId] = useState(original ? String(original.type_id) : '');
  const [areaId, setAreaId] = useState(original?.area_id != null ? String(original.area_id) : '');
  const [condition, setCondition] = useState<string>(original?.condition ?? 'bueno');
  const [acquiredOn, setAcquiredOn] = useState(original?.acquired_on ?? '');
  const [warrantyEnd, setWarrantyEnd] = useState(original?.warranty_end ?? '');
  const [cost, setCost] = useState(original?.cost != null ? String(original.cost) : '');
  const [parentNumber, setParentNumber] = useState(original?.parent?.inventory_number ?? '');
  const type = types.find((ty) => String(ty.id) === typeId);
  const specs = type?.fields ?? [];
  const [custom, setCustom] = useState<CustomValues>(() => customValuesFrom(original ? (types.find((ty) => String(ty.id) === String(original.type_id))?.fields ?? []) : [], original?.fields));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const { busy, error, run } = useFormAction();
  const formRef = useRef<HTMLFormElement>(null);

  // A long form: after a failed save, go to the first field in error (or to the message).
  useEffect(() => {
    const form = formRef.current;
    if (!error || !form) return;
    const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else form.querySelector('.alert--error')?.scrollIntoView({ block: 'center' });
  }, [error]);

  const choosable = types.filter((ty) => ty.active || String(ty.id) === typeId);

  function err(field: string): string | undefined {
    return localErrors[field] ?? fieldError(error, field);
  }

  function setField(k: TextKey, v: string) {
    setText((old) => ({ ...old, [k]: v }));
  }

  async function resolveParent(): Promise<Asset['parent_id'] | undefined> {
    const number = normalizeInventoryNumber(parentNumber);
    if (!number) return null;
    if (original?.parent && original.parent.inventory_number === number) return original.parent_id;
    try {
      const parent = await api.get<Asset>(assetPaths.lookup, { number });
      if (original && String(parent.id) === String(original.id)) throw new UserError(t('assets.form.parent_self'));
      return parent.id;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setLocalErrors({ parent_id: t('assets.form.parent_missing', { number }) });
        throw new UserError(t('assets.form.parent_missing', { number }));
      }
      throw e;
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setLocalErrors({});
    await run(
      async () => {
        if (!typeId) {
          setLocalErrors({ type_id: t('assets.form.type_required') });
          throw new UserError(t('assets.form.type_required'));
        }
        const costValue = parseCost(cost);
        if (Number.isNaN(costValue)) {
          setLocalErrors({ cost: t('assets.form.cost_invalid') });
          throw new UserError(t('assets.form.cost_invalid'));
        }
        const parentId = await resolveParent();
        const full: AssetInput = {
          type_id: type!.id,
          area_id: areaId ? (areas.data?.find((a) => String(a.id) === areaId)?.id ?? areaId) : null,
          condition,
          acquired_on: acquiredOn || null,
          warranty_end: warrantyEnd || null,
          cost: costValue,
          parent_id: parentId ?? null,
          fields: customValuesForApi(specs, custom, Boolean(original)),
        };
        for (const k of TEXT_FIELDS) full[k] = k === 'inventory_number' ? normalizeInventoryNumber(text[k]) : text[k].trim();
        if (!original) {
          if (!full.inventory_number) {
            setLocalErrors({ inventory_number: t('assets.form.number_required') });
            throw new UserError(t('assets.form.number_required'));
          }
          const created = await api.post<Asset>(assetPaths.list, full);
          navigate(assetPath(created.id), { state: { flash: t('assets.form.created', { number: created.inventory_number }) } });
          return;
        }
        const changes: AssetInput = {};
        for (const k of TEXT_FIELDS) if (full[k] !== String(original[k] ?? '')) changes[k] = full[k];
        if (String(full.type_id) !== String(original.type_id)) changes.type_id = full.type_id;
        if (String(full.area_id ?? '') !== String(original.area_id ?? '')) changes.area_id = full.area_id;
        if (full.condition !== original.condition) changes.condition = full.condition;
        if ((full.acquired_on ?? null) !== (original.acquired_on ?? null)) changes.acquired_on = full.acquired_on;
        if ((full.warranty_end ?? null) !== (original.warranty_end ?? null)) changes.warranty_end = full.warranty_end;
        if ((full.cost ?? null) !== (original.cost ?? null)) changes.cost = full.cost;
        if (String(full.parent_id ?? '') !== String(original.parent_id ?? '')) changes.parent_id = full.parent_id;
        if (changes.type_id !== undefined || !sameValues(full.fields ?? {}, original.fields ?? {})) changes.fields = full.fields;
        if (Object.keys(changes).length) await api.patch<Asset>(assetPaths.asset(original.id), changes);
        navigate(assetPath(original.id), {
          state: { flash: t(Object.keys(changes).length ? 'assets.form.updated' : 'assets.form.unchanged', { number: full.inventory_number ?? '' }) },
        });
      },
      { leaves: true },
    );
  }

  const customFieldNames = specs.map((s) => `fields.${s.key}`);

  return (
    <Page title={title}>
      <p>
        <Link to={original ? assetPath(original.id) : '/activos'}>← {t(original ? 'assets.back_asset' : 'assets.back_list')}</Link>
      </p>
      <form ref={formRef} onSubmit={(e) => void onSubmit(e)} noValidate className="as-form">
        <ErrorAlert error={error} fields={[...FORM_FIELDS, ...customFieldNames, ...Object.keys(localErrors)]} />
        <Card id="as-form-id" title={t('assets.form.identification')} className="form-card as-form-card">
          <div className="as-grid">
            <TextField
              label={t('assets.field.inventory_number')}
              required
              value={text.inventory_number}
              autoComplete="off"
              hint={settings.data?.inventory_pattern ? t('assets.form.pattern_hint', { pattern: settings.data.inventory_pattern }) : t('assets.form.number_hint')}
              onChange={(e) => setField('inventory_number', e.target.value)}
              error={err('inventory_number')}
            />
            <SelectField
              label={t('assets.field.type')}
              required
              value={typeId}
              onChange={(e) => {
                const next = types.find((ty) => String(ty.id) === e.target.value);
                setTypeId(e.target.value);
                setCustom((old) => ({ ...customValuesFrom(next?.fields ?? [], original?.fields), ...pick(old, next?.fields.map((f) => f.key) ?? []) }));
              }}
              options={[{ value: '', label: t('assets.form.choose') }, ...choosable.map((ty) => ({ value: String(ty.id), label: ty.name }))]}
              error={err('type_id')}
              hint={types.length === 0 ? t('assets.form.no_types') : undefined}
            />
            <TextField label={t('assets.field.brand')} value={text.brand} onChange={(e) => setField('brand', e.target.value)} error={err('brand')} />
            <TextField label={t('assets.field.model')} value={text.model} onChange={(e) => setField('model', e.target.value)} error={err('model')} />
            <TextField label={t('assets.field.serial')} value={text.serial} onChange={(e) => setField('serial', e.target.value)} error={err('serial')} />
            <SelectField
              label={t('assets.field.condition')}
              value={condition}
              onChange={(e) => setCondition(e.target.value)}
              options={CONDITIONS.map((c) => ({ value: c, label: t(CONDITION_LABEL[c]) }))}
              error={err('condition')}
            />
          </div>
          <TextAreaField label={t('assets.field.specs')} rows={3} value={text.specs} onChange={(e) => setField('specs', e.target.value)} error={err('specs')} />
        </Card>
        {specs.length ? (
          <Card id="as-form-custom" title={t('assets.form.custom', { type: type?.name ?? '' })} className="form-card as-form-card">
            <div className="as-grid">
              {specs.map((spec) => {
                const value = custom[spec.key] ?? '';
                const onChange = (v: string) => setCustom((old) => ({ ...old, [spec.key]: v }));
                const fieldErr = err(`fields.${spec.key}`);
                if (fieldKind(spec.type) === 'list')
                  return (
                    <SelectField
                      key={spec.key}
                      label={spec.label}
                      required={spec.required}
                      value={value}
                      onChange={(e) => onChange(e.target.value)}
                      options={[
                        { value: '', label: t('assets.form.choose') },
                        ...(value && !(spec.options ?? []).includes(value) ? [{ value, label: value }] : []),
                        ...(spec.options ?? []).map((o) => ({ value: o, label: o })),
                      ]}
                      error={fieldErr}
                    />
                  );
                return (
                  <TextField
                    key={spec.key}
                    label={spec.label}
                    required={spec.required}
                    type={inputTypeOf(spec.type)}
                    inputMode={fieldKind(spec.type) === 'number' ? 'decimal' : undefined}
                    step={fieldKind(spec.type) === 'number' ? 'any' : undefined}
                    maxLength={spec.max_length}
                    value={value}
                    onChange={(e) => onChange(e.target.value)}
                    error={fieldErr}
                  />
                );
              })}
            </div>
          </Card>
        ) : null}
        <Card id="as-form-place" title={t('assets.form.placement')} className="form-card as-form-card">
          <div className="as-grid">
            <SelectField
              label={t('assets.field.area')}
              value={areaId}
              onChange={(e) => setAreaId(e.target.value)}
              options={areaOptions(areas.data, t('assets.form.no_area'))}
              error={err('area_id')}
            />
            <TextField label={t('assets.field.building')} value={text.building} onChange={(e) => setField('building', e.target.value)} error={err('building')} />
            <TextField label={t('assets.field.floor')} value={text.floor} onChange={(e) => setField('floor', e.target.value)} error={err('floor')} />
            <TextField label={t('assets.field.office')} value={text.office} onChange={(e) => setField('office', e.target.value)} error={err('office')} />
            <Field label={t('assets.field.parent')} hint={t('assets.form.parent_hint')} error={err('parent_id')}>
              {(control) => <input {...control} value={parentNumber} autoComplete="off" onChange={(e) => setParentNumber(e.target.value)} />}
            </Field>
          </div>
        </Card>
        <Card id="as-form-acq" title={t('assets.form.acquisition')} className="form-card as-form-card">
          <div className="as-grid">
            <TextField label={t('assets.field.acquired_on')} type="date" value={acquiredOn} onChange={(e) => setAcquiredOn(e.target.value)} error={err('acquired_on')} />
            <TextField
              label={t('assets.field.invoice_number')}
              value={text.invoice_number}
              onChange={(e) => setField('invoice_number', e.target.value)}
              error={err('invoice_number')}
            />
            <TextField label={t('assets.field.supplier')} value={text.supplier} onChange={(e) => setField('supplier', e.target.value)} error={err('supplier')} />
            <TextField
              label={t('assets.field.cost')}
              inputMode="decimal"
              value={cost}
              hint={t('assets.form.cost_hint')}
              onChange={(e) => setCost(e.target.value)}
              error={err('cost')}
            />
            <TextField label={t('assets.field.budget_line')} value={text.budget_line} onChange={(e) => setField('budget_line', e.target.value)} error={err('budget_line')} />
            <TextField
              label={t('assets.field.funding_source')}
              value={text.funding_source}
              onChange={(e) => setField('funding_source', e.target.value)}
              error={err('funding_source')}
            />
            <TextField label={t('assets.field.warranty_end')} type="date" value={warrantyEnd} onChange={(e) => setWarrantyEnd(e.target.value)} error={err('warranty_end')} />
          </div>
          <TextAreaField label={t('assets.field.notes')} rows={3} value={text.notes} onChange={(e) => setField('notes', e.target.value)} error={err('notes')} />
        </Card>
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t(original ? 'common.save' : 'assets.form.create')}
          </button>
          <Link className="button button--secondary" to={original ? assetPath(original.id) : '/activos'}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </Page>
  );
}

function pick(values: CustomValues, keys: string[]): CustomValues {
  const out: CustomValues = {};
  for (const k of keys) if (values[k]) out[k] = values[k]!;
  return out;
}
