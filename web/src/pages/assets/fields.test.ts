import { describe, expect, it } from 'vitest';
import type { AssetFieldSpec } from '../../api/assets';
import { cleanAssetFieldSpec, customValuesForApi, customValuesFrom, fieldKind, inputTypeOf, numberOrText, sameValues, validateAssetFieldSpecs } from './fields';

const specs: AssetFieldSpec[] = [
  { key: 'procesador', label: 'Procesador', type: 'text', required: true },
  { key: 'ram_gb', label: 'RAM (GB)', type: 'number', required: false },
  { key: 'compra', label: 'Compra', type: 'date', required: false },
  { key: 'so', label: 'Sistema operativo', type: 'list', required: false, options: ['Windows', 'Linux'] },
];

describe('validateAssetFieldSpecs', () => {
  it('accepts a good list', () => {
    expect(validateAssetFieldSpecs(specs)).toEqual([]);
  });

  it('names each problem by field and part', () => {
    const bad: AssetFieldSpec[] = [
      { key: '', label: ' ', type: 'text', required: false },
      { key: 'Mala Clave', label: 'x', type: 'text', required: false },
      { key: 'a', label: 'a', type: 'list', required: false, options: [' ', ''] },
      { key: 'a', label: 'b', type: 'list', required: false, options: ['x', 'x '] },
    ];
    expect(validateAssetFieldSpecs(bad)).toEqual([
      { index: 0, part: 'label', message: 'assets.spec.error.label_required' },
      { index: 0, part: 'key', message: 'assets.spec.error.key_required' },
      { index: 1, part: 'key', message: 'assets.spec.error.key_format' },
      { index: 2, part: 'options', message: 'assets.spec.error.options_required' },
      { index: 3, part: 'key', message: 'assets.spec.error.key_duplicate' },
      { index: 3, part: 'options', message: 'assets.spec.error.options_duplicate' },
    ]);
  });

  it('cleans a spec for the API', () => {
    expect(cleanAssetFieldSpec({ key: ' so ', label: ' SO ', type: 'list', required: true, options: [' Win ', '', 'Linux'] })).toEqual({
      key: 'so',
      label: 'SO',
      type: 'select',
      required: true,
      options: ['Win', 'Linux'],
    });
    expect(cleanAssetFieldSpec({ key: 'a', label: 'A', type: 'text', required: false, options: ['x'] })).toEqual({
      key: 'a',
      label: 'A',
      type: 'text',
      required: false,
    });
  });
});

describe('custom values', () => {
  it('reads stored values as text', () => {
    expect(customValuesFrom(specs, { procesador: 'i5', ram_gb: 8, otro: 'x' })).toEqual({ procesador: 'i5', ram_gb: '8', compra: '', so: '' });
  });

  it('sends numbers as numbers and leaves out (or nulls) empty ones', () => {
    const values = { procesador: ' i7 ', ram_gb: '16', compra: '', so: 'Linux' };
    expect(customValuesForApi(specs, values)).toEqual({ procesador: 'i7', ram_gb: 16, so: 'Linux' });
    expect(customValuesForApi(specs, values, true)).toEqual({ procesador: 'i7', ram_gb: 16, compra: null, so: 'Linux' });
    expect(customValuesForApi(specs, { ram_gb: 'mucha' })).toEqual({ ram_gb: 'mucha' });
  });

  it('parses numbers typed the Mexican way', () => {
    expect(numberOrText('1,234.50')).toBe(1234.5);
    expect(numberOrText('12,5')).toBe(12.5);
    expect(numberOrText(' 8 ')).toBe(8);
    expect(numberOrText('8 GB')).toBe('8 GB');
  });

  it('compares value maps loosely', () => {
    expect(sameValues({ a: 8, b: null }, { a: '8' })).toBe(true);
    expect(sameValues({ a: 8 }, { a: 9 })).toBe(false);
  });
});

describe('field kinds', () => {
  it('treats "select" as a list and unknown types as text', () => {
    expect(fieldKind('select')).toBe('list');
    expect(fieldKind('date')).toBe('date');
    expect(fieldKind('textarea')).toBe('text');
    expect(inputTypeOf('number')).toBe('number');
    expect(inputTypeOf('select')).toBe('text');
  });

  it('writes a list as the server spells it ("select") and keeps a text max_length', () => {
    expect(cleanAssetFieldSpec({ key: 'so', label: 'SO', type: 'select' as never, required: false, options: ['A'] })).toEqual({
      key: 'so',
      label: 'SO',
      type: 'select',
      required: false,
      options: ['A'],
    });
    expect(cleanAssetFieldSpec({ key: 'p', label: 'P', type: 'text', required: false, max_length: 200 }).max_length).toBe(200);
  });
});
