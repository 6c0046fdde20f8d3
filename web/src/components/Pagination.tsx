import { useI18n } from '../i18n';

interface Props {
  page: number;
  perPage: number;
  total: number;
  onPage: (page: number) => void;
  label: string;
}

export function Pagination({ page, perPage, total, onPage, label }: Props) {
  const { t } = useI18n();
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
