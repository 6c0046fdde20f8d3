// Helpers for paginated lists.
import { api, type Query } from './client';
import type { ListPage } from './types';

export const MAX_PER_PAGE = 200;

/** Every item of a list, page by page (areas and positions are small, hundreds at most). */
export async function fetchAll<T>(path: string, query: Query = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= 50; page++) {
    const res = await api.get<ListPage<T> | { items: T[]; total?: number }>(path, { ...query, page, per_page: MAX_PER_PAGE });
    items.push(...res.items);
    const total = typeof res.total === 'number' ? res.total : items.length;
    if (items.length >= total || res.items.length === 0) break;
  }
  return items;
}
