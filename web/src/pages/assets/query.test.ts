import { describe, expect, it } from 'vitest';
import {
  apiId,
  assetFilterBody,
  assetApiFilters,
  assetFiltersFromQuery,
  assetFiltersToQuery,
  idList,
  isAssetFiltered,
} from './query';

describe('asset list filters ⇄ URL', () => {
  it('reads the known filters and drops invalid values', () => {
    const f = assetFiltersFromQuery('?status=asignado&warranty=pronto&area_id=3&sort=inventory_number&foo=1&q=%20dell%20');
    expect(f.status).toBe('asignado');
    expect(f.warranty).toBe('');
    expect(f.area_id).toBe('3');
    expect(f.sort).toBe('');
    expect(f.q).toBe('dell');
    expect(assetFiltersFromQuery('status=volando').status).toBe('');
    expect(assetFiltersFromQuery('include_disposed=1').include_disposed).toBe('');
    expect(assetFiltersFromQuery('include_disposed=true').include_disposed).toBe('true');
  });

  it('writes a stable query string without empties or the default sort, with the page', () => {
    expect(assetFiltersToQuery({ warranty: 'vencida', q: 'hp', sort: 'inventory_number', area_id: '' })).toBe('q=hp&warranty=vencida');
    expect(assetFiltersToQuery({ sort: '-updated_at' }, 3)).toBe('sort=-updated_at&page=3');
    expect(assetFiltersToQuery({})).toBe('');
  });

  it('round-trips', () => {
    const query = 'q=OAX&type_id=2&area_id=5&status=en_almacen&custodian_id=9&building=Palacio&warranty=por_vencer&include_disposed=true&sort=type';
    expect(assetFiltersToQuery(assetFiltersFromQuery(query))).toBe(query);
  });

  it('gives API parameters and says whether the list is narrowed', () => {
    const f = assetFiltersFromQuery('status=asignado&sort=type');
    expect(assetApiFilters(f)).toEqual({ status: 'asignado', sort: 'type' });
    expect(isAssetFiltered(f)).toBe(true);
    expect(isAssetFiltered(assetFiltersFromQuery('sort=type'))).toBe(false);
  });
});

describe('id lists', () => {
  it('splits, trims and de-duplicates', () => {
    expect(idList('1, 2,,3,2')).toEqual(['1', '2', '3']);
    expect(idList(null)).toEqual([]);
    expect(idList('1,2,3', 2)).toEqual(['1', '2']);
  });

  it('sends numeric ids as numbers', () => {
    expect(apiId('12')).toBe(12);
    expect(apiId('a-1')).toBe('a-1');
  });
});

describe('assetFilterBody', () => {
  it('types the filter for POST /labels and leaves out the sort', () => {
    const f = assetFiltersFromQuery('q=dell&type_id=2&area_id=5&custodian_id=9&status=asignado&include_disposed=true&sort=type&warranty=vencida');
    expect(assetFilterBody(f)).toEqual({ q: 'dell', status: 'asignado', warranty: 'vencida', type_id: 2, area_id: 5, custodian_id: 9, include_disposed: true });
    expect(assetFilterBody(assetFiltersFromQuery(''))).toEqual({});
  });
});
