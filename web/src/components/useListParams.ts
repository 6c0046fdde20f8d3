// A list page's filters live in the URL (?q=…&page=…), so they survive reloads and can be linked to.
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The page number in a list's URL parameters: 1 unless a whole number above it is given. */
export function pageParam(params: URLSearchParams): number {
  return Math.max(1, Number(params.get('page') ?? '1') || 1);
}

/**
 * The URL's filters, the search box's draft (kept in step with ?q=) and ways to change them.
 * `update` sets or (when empty) removes parameters; on a paged list, any change but the page's
 * own goes back to the first page.
 */
export function useListParams({ paged = true }: { paged?: boolean } = {}) {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = pageParam(params);
  const [draft, setDraft] = useState(q);

  useEffect(() => setDraft(q), [q]);

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (paged && !('page' in changes)) next.delete('page');
    setParams(next);
  }

  function onSearch(e: FormEvent) {
    e.preventDefault();
    update({ q: draft.trim() });
  }

  function setPage(n: number) {
    update({ page: String(n) });
  }

  return { params, setParams, q, page, setPage, draft, setDraft, update, onSearch };
}
