import type { ListPage } from '../api/types';
import { useI18n } from '../i18n';

interface Props {
  /** The page of the list on screen, as the server sent it. */
  list: Pick<ListPage<unknown>, 'page' | 'per_page' | 'total'>;
  /** The page and page size asked for, where the server's answer leaves them out. */
  page: number;
  perPage: number;
  onPage: (page: number) => void;
  label: string;
}

export function Pagination({ list, page: asked, perPage: askedPerPage, onPage, label }: Props) {
  const { t } = useI18n();
  const page = list.page || asked;
  const perPage = list.per_page || askedPerPage;
  const total = list.total;
  const pages = Math.max(1, Math.ceil(total / Math.max(1, perPage)));
  if (total === 0) return null;
  return (
    <nav className="pagination" aria-label={label}>
      <button type="button" className="button button--secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('pagination.previous')}
      </button>
      <span aria-live="polite">{t('pagination.status', { page, pages, total })}</span>
      <button type="button" className="button button--secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('pagination.next')}
      </button>
    </nav>
  );
}
