// A data table: a caption for screen readers, a row of column headings, and the rows.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

interface Props {
  /** Names the table for assistive technology; not shown. */
  caption: string;
  /** The column headings, in order. */
  columns: ReactNode[];
  className?: string;
  busy?: boolean;
  /** The table's rows. */
  children: ReactNode;
}

export function DataTable({ caption, columns, className, busy, children }: Props) {
  return (
    <div className="table-wrap">
      <table className={className} aria-busy={busy}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The heading of a column of row actions: named for screen readers, blank on screen. */
export function ActionsHeading() {
  const { t } = useI18n();
  return <span className="visually-hidden">{t('common.actions')}</span>;
}
