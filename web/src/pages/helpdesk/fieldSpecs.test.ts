import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../api/helpdesk';
import { cleanFieldSpec, fieldValuesForApi, initialFieldValues, moveItem, slugKey, validateFieldSpecs } from './fieldSpecs';

const spec = (over: Partial<FieldSpec>): FieldSpec => ({ key: 'campo', label: 'Campo', type: 'text', required: false, ...over });

describe('slugKey', () => {
  it('folds accents, case and punctuation into a snake_case key', () => {
    expect(slugKey('Número de inventario')).toBe('numero_de_inventario');
    expect(slugKey('  ¿Jefe que autoriza?  ')).toBe('jefe_que_autoriza');
    expect(slugKey('Perfil (solicitado)')).toBe('perfil_solicitado');
  });

  it('starts with a letter and is empty for a label without letters or digits', () => {
    expect(slugKey('2.º piso')).toBe('campo_2_piso');
    expect(slugKey('¿?')).toBe('');
    expect(slugKey('Nombre completo de la persona que autoriza el alta de la cuenta')).toBe('nombre_completo_de_la_persona_que_autori');
  });
});

describe('validateFieldSpecs', () => {
  it('accepts a good list', () => {
    expect(
      validateFieldSpecs([
        spec({ key: 'nombre_completo', label: 'Nombre completo', required: true }),
        spec({ key: 'perfil', label: 'Perfil solicitado', type: 'select', options: ['Básico', 'Avanzado'] }),
      ]),
    ).toEqual([]);
  });

  it('names the field and the part of each problem', () => {
    const problems = validateFieldSpecs([
      spec({ key: 'puesto', label: '' }),
      spec({ key: 'Puesto X', label: 'Puesto' }),
      spec({ key: 'puesto', label: 'Otro puesto' }),
      spec({ key: 'perfil', label: 'Perfil', type: 'select', options: [' ', ''] }),
      spec({ key: 'area', label: 'Área', type: 'select', options: ['A', 'A '] }),
      spec({ key: 'notas', label: 'Notas', type: 'textarea', max_length: 0 }),
      spec({ key: '', label: 'Sin clave' }),
      spec({ key: 'a'.repeat(41), label: 'x'.repeat(121) }),
    ]);
    expect(problems).toEqual([
      { index: 0, part: 'label', message: 'hd.spec.error.label_required' },
      { index: 1, part: 'key', message: 'hd.spec.error.key_format' },
      { index: 2, part: 'key', message: 'hd.spec.error.key_duplicate' },
      { index: 3, part: 'options', message: 'hd.spec.error.options_required' },
      { index: 4, part: 'options', message: 'hd.spec.error.options_duplicate' },
      { index: 5, part: 'max_length', message: 'hd.spec.error.max_length' },
      { index: 6, part: 'key', message: 'hd.spec.error.key_required' },
      { index: 7, part: 'label', message: 'hd.spec.error.label_long' },
      { index: 7, part: 'key', message: 'hd.spec.error.key_format' },
    ]);
  });
});

describe('cleanFieldSpec', () => {
  it('keeps options only for selects and max_length only for text types', () => {
    expect(cleanFieldSpec(spec({ key: ' perfil ', label: ' Perfil ', type: 'select', options: ['Básico ', '', 'Avanzado'], max_length: 10 }))).toEqual({
      key: 'perfil',
      label: 'Perfil',
      type: 'select',
      required: false,
      options: ['Básico', 'Avanzado'],
    });
    expect(cleanFieldSpec(spec({ type: 'number', options: ['x'], max_length: 5 }))).toEqual({
      key: 'campo',
      label: 'Campo',
      type: 'number',
      required: false,
    });
    expect(cleanFieldSpec(spec({ type: 'text', max_length: 80 })).max_length).toBe(80);
  });
});

describe('moveItem', () => {
  it('moves an item up or down and ignores moves out of range', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 3)).toEqual(['a', 'b', 'c']);
  });
});

describe('fieldValuesForApi', () => {
  const specs: FieldSpec[] = [
    spec({ key: 'software', label: 'Software requerido', required: true }),
    spec({ key: 'equipos', label: 'Equipos', type: 'number' }),
    spec({ key: 'fecha', label: 'Fecha', type: 'date' }),
    spec({ key: 'jefe', label: 'Jefe', type: 'person' }),
    spec({ key: 'urgente', label: 'Urgente', type: 'boolean' }),
    spec({ key: 'acepta', label: 'Acepta', type: 'boolean', required: true }),
  ];

  it('starts every field empty (checkboxes unchecked)', () => {
    expect(initialFieldValues(specs)).toEqual({ software: '', equipos: '', fecha: '', jefe: '', urgente: false, acepta: false });
  });

  it('types the values and leaves empty optional ones out', () => {
    expect(
      fieldValuesForApi(specs, { software: '  LibreOffice ', equipos: '3', fecha: '2026-11-25', jefe: '12', urgente: false, acepta: true, otro: 'x' }),
    ).toEqual({ software: 'LibreOffice', equipos: 3, fecha: '2026-11-25', jefe: 12, acepta: true });
  });

  it('leaves missing required values for the server to report, and sends a bad number as typed', () => {
    expect(fieldValuesForApi(specs, { software: '   ', equipos: 'tres', urgente: true, acepta: false })).toEqual({
      equipos: 'tres',
      urgente: true,
      acepta: false,
    });
  });
});
