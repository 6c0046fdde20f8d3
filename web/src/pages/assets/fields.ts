// An asset type's custom fields: checking the spec list before it is saved (the types editor), and
// turning what a person typed into the `fields` object the API expects (the asset form).
import { ASSET_FIELD_TYPES, LIST_WIRE_TYPE, type AssetFieldSpec, type AssetFieldType } from '../../api/assets';
import type { MessageKey } from '../../i18n';

export const FIELD_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_FIELD_LABEL = 120;
export const MAX_LIST_OPTIONS = 100;

/** A field's type as the form treats it: "select" (older data) is a list; anything unknown is text. */
export function fieldKind(type: string): AssetFieldType {
  if (type === 'select') return 'list';
  return (ASSET_FIELD_TYPES as readonly string[]).includes(type) ? (type as AssetFieldType) : 'text';
}

export interface FieldSpecProblem {
  index: number;
  part: 'label' | 'key' | 'options';
  message: MessageKey;
}

/** Everything wrong with a list of field specs, for the editor to show beside each field. */
export function validateAssetFieldSpecs(specs: AssetFieldSpec[]): FieldSpecProblem[] {
  const problems: FieldSpecProblem[] = [];
  const seen = new Set<string>();
  specs.forEach((spec, index) => {
    const label = spec.label.trim();
    if (!label) problems.push({ index, part: 'label', message: 'assets.spec.error.label_required' });
    else if (label.length > MAX_FIELD_LABEL) problems.push({ index, part: 'label', message: 'assets.spec.error.label_long' });
    const key = spec.key.trim();
    if (!key) problems.push({ index, part: 'key', message: 'assets.spec.error.key_required' });
    else if (!FIELD_KEY_PATTERN.test(key)) problems.push({ index, part: 'key', message: 'assets.spec.error.key_format' });
    else if (seen.has(key)) problems.push({ index, part: 'key', message: 'assets.spec.error.key_duplicate' });
    else seen.add(key);
    if (fieldKind(spec.type) === 'list') {
      const options = (spec.options ?? []).map((o) => o.trim()).filter(Boolean);
      if (!options.length) problems.push({ index, part: 'options', message: 'assets.spec.error.options_required' });
      else if (new Set(options).size !== options.length) problems.push({ index, part: 'options', message: 'assets.spec.error.options_duplicate' });
      else if (options.length > MAX_LIST_OPTIONS) problems.push({ index, part: 'options', message: 'assets.spec.error.options_many' });
    }
  });
  return problems;
}

/** A spec as the API wants it: trimmed, options only for lists, a text's max_length kept. */
export function cleanAssetFieldSpec(spec: AssetFieldSpec): AssetFieldSpec {
  const type = fieldKind(spec.type);
  const out: AssetFieldSpec = { key: spec.key.trim(), label: spec.label.trim(), type: type === 'list' ? LIST_WIRE_TYPE : type, required: spec.required };
  if (type === 'list') out.options = (spec.options ?? []).map((o) => o.trim()).filter(Boolean);
  if (type === 'text' && spec.max_length !== undefined) out.max_length = spec.max_length;
  return out;
}

/** What the form holds for each custom field: the text typed or chosen. */
export type CustomValues = Record<string, string>;

/** The form's values for a type's fields, from an asset's stored values (absent → ''). */
export function customValuesFrom(specs: AssetFieldSpec[], stored: Record<string, unknown> | null | undefined): CustomValues {
  const out: CustomValues = {};
  for (const spec of specs) {
    const v = stored?.[spec.key];
    out[spec.key] = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

/**
 * The `fields` object: numbers as numbers, text trimmed, empty values left out (the server
 * reports required ones as missing). A number that does not parse is sent as typed, so that the
 * server names the error. With `keepEmpty` (an edit), a value that was cleared is sent as null.
 */
export function customValuesForApi(specs: AssetFieldSpec[], values: CustomValues, keepEmpty = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const text = (values[spec.key] ?? '').trim();
    if (!text) {
      if (keepEmpty) out[spec.key] = null;
      continue;
    }
    out[spec.key] = fieldKind(spec.type) === 'number' ? numberOrText(text) : text;
  }
  return out;
}

/** "1,234.50" or "1234,5" (es-MX or typed with a comma) → 1234.5; "abc" → "abc". */
export function numberOrText(text: string): number | string {
  const t = text.trim().replace(/\s/g, '');
  let normalized = t;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) normalized = t.replace(/,/g, '');
  else if (/^-?\d+,\d+$/.test(t)) normalized = t.replace(',', '.');
  const n = Number(normalized);
  return normalized !== '' && Number.isFinite(n) ? n : text;
}

/** Whether two field-value maps hold the same values (for PATCH: send `fields` only when changed). */
export function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = a[k] ?? null;
    const y = b[k] ?? null;
    if (x !== y && String(x) !== String(y)) return false;
  }
  return true;
}

/** The input type for a custom field's type. */
export function inputTypeOf(type: string): 'text' | 'number' | 'date' {
  const kind = fieldKind(type);
  return kind === 'number' ? 'number' : kind === 'date' ? 'date' : 'text';
}
