// The asset list's filters live in the URL (?status=asignado&area_id=3…): they survive reloads,
// can be linked to, and the same filters drive the export, the labels and the list itself.
import { ASSET_SORTS, ASSET_STATUSES, WARRANTY_FILTERS } from '../../api/assets';

export const ASSET_FILTER_KEYS = [
  'q',
  'type_id',
  'area_id',
  'status',
  'custodian_id',
  'building',
  'warranty',
  'include_disposed',
  'sort',
] as const;
export type AssetFilterKey = (typeof ASSET_FILTER_KEYS)[number];
export type AssetFilters = Record<AssetFilterKey, string>;

export const DEFAULT_ASSET_SORT = 'inventory_number';

export function emptyAssetFilters(): AssetFilters {
  return Object.fromEntries(ASSET_FILTER_KEYS.map((k) => [k, ''])) as AssetFilters;
}

/** The filters in a query string (or URLSearchParams); unknown or invalid values are dropped. */
export function assetFiltersFromQuery(query: string | URLSearchParams): AssetFilters {
  const params = typeof query === 'string' ? new URLSearchParams(query.replace(/^\?/, '')) : query;
  const out = emptyAssetFilters();
  for (const k of ASSET_FILTER_KEYS) out[k] = (params.get(k) ?? '').trim();
  if (out.status && !(ASSET_STATUSES as readonly string[]).includes(out.status)) out.status = '';
  if (out.warranty && !(WARRANTY_FILTERS as readonly string[]).includes(out.warranty)) out.warranty = '';
  if (out.sort === DEFAULT_ASSET_SORT || !(ASSET_SORTS as readonly string[]).includes(out.sort)) out.sort = '';
  out.include_disposed = out.include_disposed === 'true' ? 'true' : '';
  return out;
}

/** The query string of some filters, in a stable order, without empty ones or the default sort. */
export function assetFiltersToQuery(filters: Partial<AssetFilters>, page = 1): string {
  const params = new URLSearchParams();
  for (const k of ASSET_FILTER_KEYS) {
    const v = (filters[k] ?? '').trim();
    if (!v || (k === 'sort' && v === DEFAULT_ASSET_SORT)) continue;
    params.set(k, v);
  }
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

/** The filters as API query parameters (the same keys the list, the export and the labels take). */
export function assetApiFilters(filters: AssetFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ASSET_FILTER_KEYS) if (filters[k]) out[k] = filters[k];
  return out;
}

/** Whether some filters narrow the list (the sort alone does not). */
export function isAssetFiltered(filters: AssetFilters): boolean {
  return ASSET_FILTER_KEYS.some((k) => k !== 'sort' && filters[k] !== '');
}

/** "1,2,,3" → ['1','2','3'] (ids passed between pages as ?ids=), no repeats, at most `max`. */
export function idList(value: string | null | undefined, max = 5000): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))].slice(0, max);
}

/** An id as the API wants it: a number when it is one, else as is. */
export function apiId(id: string): number | string {
  return /^\d+$/.test(id) ? Number(id) : id;
}

/**
 * The filters as the JSON `filter` of POST /labels: text filters as strings, ids as numbers,
 * include_disposed as a boolean, and no sort (the server refuses unknown keys).
 */
export function assetFilterBody(filters: AssetFilters): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const k of ['q', 'status', 'building', 'warranty'] as const) if (filters[k]) out[k] = filters[k];
  for (const k of ['type_id', 'area_id', 'custodian_id'] as const) if (filters[k]) out[k] = apiId(filters[k]);
  if (filters.include_disposed === 'true') out.include_disposed = true;
  return out;
}
