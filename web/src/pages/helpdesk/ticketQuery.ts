// The Bandeja's filters live in the URL (?status=open&queue_id=3…): they survive reloads, can be
// linked to, and a saved view is just that query string. "me" stands for the signed-in user.
import type { Id } from '../../api/types';

export const FILTER_KEYS = [
  'scope',
  'status',
  'queue_id',
  'assignee_id',
  'priority',
  'category_id',
  'area_id',
  'kind',
  'sla',
  'q',
  'sort',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type TicketFilters = Record<FilterKey, string>;

export const SORTS = ['-updated_at', 'updated_at', '-created_at', 'created_at', 'priority', '-priority', 'resolution_due_at'] as const;
export const DEFAULT_SORT = '-updated_at';
/** The assignee filter's stand-in for the signed-in user, and the API's "unassigned". */
export const ME = 'me';
export const UNASSIGNED = 'none';

export function emptyFilters(): TicketFilters {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as TicketFilters;
}

/** The filters in a query string (or URLSearchParams); unknown parameters are ignored. */
export function filtersFromQuery(query: string | URLSearchParams): TicketFilters {
  const params = typeof query === 'string' ? new URLSearchParams(query.replace(/^\?/, '')) : query;
  const out = emptyFilters();
  for (const k of FILTER_KEYS) out[k] = (params.get(k) ?? '').trim();
  if (out.sort === DEFAULT_SORT || !(SORTS as readonly string[]).includes(out.sort)) out.sort = '';
  out.status = statusList(out.status).join(',');
  return out;
}

/** The query string of some filters, in a stable order, without empty ones or the default sort. */
export function filtersToQuery(filters: Partial<TicketFilters>, page = 1): string {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = (filters[k] ?? '').trim();
    if (!v || (k === 'sort' && v === DEFAULT_SORT)) continue;
    params.set(k, v);
  }
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

/** A comma list of statuses as a clean array: trimmed, no empties, no repeats. */
export function statusList(value: string): string[] {
  return [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
}

/** The filters as API query parameters: "me" becomes the user's id. */
export function apiFilters(filters: TicketFilters, me: Id | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = filters[k];
    if (!v) continue;
    if (k === 'assignee_id' && v === ME) {
      if (me != null) out[k] = String(me);
      continue;
    }
    out[k] = v;
  }
  return out;
}

/** "Mi trabajo": open tickets assigned to me. */
export function myWorkQuery(): string {
  return filtersToQuery({ assignee_id: ME, status: 'open' });
}

/** Whether some filters narrow the list (the sort alone does not). */
export function isFiltered(filters: TicketFilters): boolean {
  return FILTER_KEYS.some((k) => k !== 'sort' && filters[k] !== '');
}
