import { describe, expect, it } from 'vitest';
import { duplicateTargets, foldHeader, mappingForApi, mapsInventoryNumber, suggestMapping } from './mapping';

describe('suggestMapping', () => {
  it('maps Spanish headers, field names and custom fields, ignoring accents and punctuation', () => {
    const headers = ['Núm. de Inventario', 'Tipo', 'No. de serie', 'MARCA', 'modelo', 'Área', 'Fecha de adquisición', 'Costo', 'RAM (GB)', 'x'];
    expect(suggestMapping(headers, [{ key: 'ram_gb', label: 'RAM (GB)' }])).toEqual({
      'Núm. de Inventario': 'inventory_number',
      Tipo: 'type',
      'No. de serie': 'serial',
      MARCA: 'brand',
      modelo: 'model',
      Área: 'area',
      'Fecha de adquisición': 'acquired_on',
      Costo: 'cost',
      'RAM (GB)': 'fields.ram_gb',
      x: '',
    });
  });

  it('accepts the API names themselves', () => {
    expect(suggestMapping(['inventory_number', 'warranty_end', 'fields.procesador'], [{ key: 'procesador', label: 'Procesador' }])).toEqual({
      inventory_number: 'inventory_number',
      warranty_end: 'warranty_end',
      'fields.procesador': 'fields.procesador',
    });
  });

  it('suggests each field for one column only', () => {
    expect(suggestMapping(['Serie', 'Número de serie'])).toEqual({ Serie: 'serial', 'Número de serie': '' });
  });
});

describe('mapping helpers', () => {
  it('folds headers', () => {
    expect(foldHeader('  Ubicación / Oficina ')).toBe('ubicacion oficina');
  });

  it('keeps only mapped columns and finds duplicates', () => {
    const m = { A: 'brand', B: '', C: 'brand', D: 'inventory_number' };
    expect(mappingForApi(m)).toEqual({ A: 'brand', C: 'brand', D: 'inventory_number' });
    expect(duplicateTargets(m)).toEqual(['brand']);
    expect(mapsInventoryNumber(m)).toBe(true);
    expect(mapsInventoryNumber({ A: 'brand' })).toBe(false);
  });
});
