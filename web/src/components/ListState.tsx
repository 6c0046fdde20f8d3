// What a list page shows around its items: the load error, "loading…" the first time,
// a note when there are none, and otherwise the items themselves.
import type { ReactNode } from 'react';
import type { ListPage } from '../api/types';
import { ErrorAlert } from './ErrorAlert';
import { Loading } from './guards';
import { Pagination } from './Pagination';

/** A loaded list: the items themselves, or an answer that carries them (a page of a list). */
type ListData = readonly unknown[] | { items: readonly unknown[] };

interface Props<D extends ListData> {
  list: { data: D | undefined; error: unknown; loading: boolean };
  /** Fields whose errors the page shows beside them (see ErrorAlert). */
  errorFields?: string[];
  /** Shown when the list has loaded empty. */
  empty: ReactNode;
  /** Draws the list once it has items. */
  children: (data: D) => ReactNode;
}

export function ListState<D extends ListData>({ list, errorFields, empty, children }: Props<D>) {
  const { data } = list;
  const count = data === undefined ? 0 : Array.isArray(data) ? data.length : (data as { items: readonly unknown[] }).items.length;
  return (
    <>
      <ErrorAlert error={list.error} fields={errorFields} />
      {list.loading && !data ? <Loading /> : null}
      {data && count === 0 ? empty : null}
      {data && count > 0 ? children(data) : null}
    </>
  );
}

interface PagedProps<T> extends Props<ListPage<T>> {
  /** A line above the items that says how many there are in all, announced when it changes. */
  summary?: (total: number, capped: boolean) => string;
  /** The page and page size asked for (see Pagination). */
  page: number;
  perPage: number;
  onPage: (page: number) => void;
  /** Names the pagination controls. */
  paginationLabel: string;
}

/** A list the server sends a page at a time: its states as ListState, then the page, then the pagination. */
export function PagedList<T>({ summary, page, perPage, onPage, paginationLabel, children, ...state }: PagedProps<T>) {
  return (
    <ListState {...state}>
      {(data) => (
        <>
          {summary ? (
            <p className="muted" role="status">
              {summary(data.total, data.total_capped === true)}
            </p>
          ) : null}
          {children(data)}
          <Pagination list={data} page={page} perPage={perPage} onPage={onPage} label={paginationLabel} />
        </>
      )}
    </ListState>
  );
}

/** The usual "nothing here" note of a list, announced when it appears. */
export function EmptyNote({ children }: { children: ReactNode }) {
  return (
    <p className="empty" role="status">
      {children}
    </p>
  );
}
