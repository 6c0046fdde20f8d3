// A category's extra fields: checking a spec list before it is saved (the catalog editor), and
// turning what a person typed into the values the API expects (the request form).
import type { FieldSpec, FieldType } from '../../api/helpdesk';
import type { MessageKey } from '../../i18n';

/** Field types whose value is free text and may have a maximum length. */
export const TEXT_TYPES: readonly FieldType[] = ['text', 'textarea', 'email'];

export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_LABEL = 120;
export const MAX_TEXT_LENGTH = 4000;

/** A key from a label: "Número de inventario" → "numero_de_inventario". */
export function slugKey(label: string): string {
  const slug = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return /^[a-z]/.test(slug) ? slug : slug ? `campo_${slug}`.slice(0, 40).replace(/_+$/, '') : '';
}

export interface SpecProblem {
  /** Position of the field in the list. */
  index: number;
  /** Which part of the field: its label, key, options or max_length. */
  part: 'label' | 'key' | 'options' | 'max_length';
  message: MessageKey;
}

/** Everything wrong with a list of field specs, for the editor to show beside each field. */
export function validateFieldSpecs(specs: FieldSpec[]): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const seen = new Map<string, number>();
  specs.forEach((spec, index) => {
    if (!spec.label.trim()) problems.push({ index, part: 'label', message: 'hd.spec.error.label_required' });
    else if (spec.label.trim().length > MAX_LABEL) problems.push({ index, part: 'label', message: 'hd.spec.error.label_long' });
    const key = spec.key.trim();
    if (!key) problems.push({ index, part: 'key', message: 'hd.spec.error.key_required' });
    else if (!KEY_PATTERN.test(key)) problems.push({ index, part: 'key', message: 'hd.spec.error.key_format' });
    else if (seen.has(key)) problems.push({ index, part: 'key', message: 'hd.spec.error.key_duplicate' });
    else seen.set(key, index);
    if (spec.type === 'select') {
      const options = (spec.options ?? []).map((o) => o.trim()).filter(Boolean);
      if (!options.length) problems.push({ index, part: 'options', message: 'hd.spec.error.options_required' });
      else if (new Set(options).size !== options.length)
        problems.push({ index, part: 'options', message: 'hd.spec.error.options_duplicate' });
      else if (options.length > 50) problems.push({ index, part: 'options', message: 'hd.spec.error.options_many' });
    }
    if (TEXT_TYPES.includes(spec.type) && spec.max_length !== undefined) {
      if (!Number.isInteger(spec.max_length) || spec.max_length < 1 || spec.max_length > MAX_TEXT_LENGTH)
        problems.push({ index, part: 'max_length', message: 'hd.spec.error.max_length' });
    }
  });
  return problems;
}

/** A spec as the API wants it: trimmed, options only for selects, max_length only for text types. */
export function cleanFieldSpec(spec: FieldSpec): FieldSpec {
  const out: FieldSpec = { key: spec.key.trim(), label: spec.label.trim(), type: spec.type, required: spec.required };
  if (spec.type === 'select') out.options = (spec.options ?? []).map((o) => o.trim()).filter(Boolean);
  if (TEXT_TYPES.includes(spec.type) && spec.max_length !== undefined) out.max_length = spec.max_length;
  return out;
}

/** Moves item `from` to position `to` (for the editor's up/down buttons); out of range: unchanged. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= items.length || to < 0 || to >= items.length || from === to) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

/** What the request form holds for each extra field: text for inputs, a boolean for checkboxes. */
export type FieldValues = Record<string, string | boolean>;

export function initialFieldValues(specs: FieldSpec[]): FieldValues {
  return Object.fromEntries(specs.map((s) => [s.key, s.type === 'boolean' ? false : '']));
}

/**
 * The `fields` object of a new ticket: numbers as numbers, person/area ids as numbers, booleans as
 * booleans, text trimmed; empty values left out (the server reports required ones as missing).
 * A number that does not parse is sent as typed so that the server names the error.
 */
export function fieldValuesForApi(specs: FieldSpec[], values: FieldValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = values[spec.key];
    if (spec.type === 'boolean') {
      if (value === true || spec.required) out[spec.key] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (!text) continue;
    if (spec.type === 'number' || spec.type === 'person' || spec.type === 'area') {
      const n = Number(text);
      out[spec.key] = text !== '' && Number.isFinite(n) ? n : text;
    } else {
      out[spec.key] = text;
    }
  }
  return out;
}
