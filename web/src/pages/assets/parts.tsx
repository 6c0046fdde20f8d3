// Small pieces the asset pages share: badges, links, the modal dialog, the flash message, the
// types and today's date, and the download links.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api, apiUrl } from '../../api/client';
import { assetPaths, type AssetStatus, type AssetType, type LabelFormat } from '../../api/assets';
import type { Id } from '../../api/types';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { mexicoCityDay } from '../helpdesk/format';
import './assets.css';
import { formatDay } from './format';
import { ASSET_STATUS_LABEL, WARRANTY_LABEL, labelOf } from './labels';
import { warrantyExpired } from './rules';

export function assetPath(id: Id): string {
  return `/activos/${encodeURIComponent(String(id))}`;
}

export function personPath(id: Id): string {
  return `/activos/personas/${encodeURIComponent(String(id))}`;
}

export function documentPath(id: Id): string {
  return `/activos/resguardos/${encodeURIComponent(String(id))}`;
}

export function AssetLink({ id, number }: { id: Id; number: string }) {
  return <Link to={assetPath(id)}>{number}</Link>;
}

export function AssetStatusBadge({ status }: { status: AssetStatus | string }) {
  const { t } = useI18n();
  return <span className={`badge as-status as-status--${status}`}>{labelOf(t, ASSET_STATUS_LABEL, status)}</span>;
}

/** A calendar day as text in a <time>. */
export function Day({ day }: { day: string | null | undefined }) {
  const { lang } = useI18n();
  if (!day) return <>—</>;
  return <time dateTime={day.slice(0, 10)}>{formatDay(day, lang)}</time>;
}

/** An instant, shown in Mexico City time. */
export function When({ at }: { at: string | null | undefined }) {
  const { formatDate } = useI18n();
  if (!at) return <>—</>;
  return <time dateTime={at}>{formatDate(at)}</time>;
}

/** The warranty's end day, marked when it has passed. */
export function WarrantyCell({ end }: { end: string | null }) {
  const { t } = useI18n();
  const today = mexicoCityDay();
  if (!end) return <span className="muted">{t('assets.warranty.none')}</span>;
  return (
    <>
      <Day day={end} />
      {warrantyExpired(end, today) ? (
        <>
          {' '}
          <span className="badge as-warranty--vencida">{t(WARRANTY_LABEL.vencida)}</span>
        </>
      ) : null}
    </>
  );
}

/** A success message, announced (an empty one stays in place, hidden, so the next is announced). */
export function Flash({ message }: { message: string }) {
  return (
    <div role="status" className={message ? 'alert alert--success' : 'visually-hidden'}>
      {message}
    </div>
  );
}

/** A modal dialog (the native <dialog>), open while rendered; Escape or "Cancelar" closes it. */
export function Modal({ title, onClose, children, wide = false }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const latest = useRef(onClose);
  latest.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`hd-dialog as-dialog${wide ? ' as-dialog--wide' : ''}`}
      aria-labelledby={headingId}
      onCancel={(e) => {
        e.preventDefault();
        latest.current();
      }}
    >
      <h2 id={headingId}>{title}</h2>
      {children}
    </dialog>
  );
}

/**
 * The filters above a short list whose every control applies at once (no text to submit): a
 * named group, and "Limpiar filtros" when something is chosen.
 */
export function InstantFilters({ label, onClear, children }: { label: string; onClear?: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="filters" role="group" aria-label={label}>
      {children}
      {onClear ? (
        <div className="filters-actions">
          <button type="button" className="button button--secondary" onClick={onClear}>
            {t('common.clear_filters')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** A list answer as an array, whether the server sends `[…]` or `{"items":[…]}`. */
export function itemsOf<T>(answer: T[] | { items: T[] } | null | undefined): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : (answer.items ?? []);
}

export function useAssetTypes() {
  return useResource(() => api.get<AssetType[] | { items: AssetType[] }>(assetPaths.types).then(itemsOf), []);
}

export function useLabelFormats(enabled = true) {
  return useResource(
    () => (enabled ? api.get<LabelFormat[] | { items: LabelFormat[] }>(assetPaths.labelFormats).then(itemsOf) : Promise.resolve([] as LabelFormat[])),
    [enabled],
  );
}

/** A link that downloads a file from the API (export, PDF). */
export function DownloadLink({ path, query, children, className = 'button button--secondary' }: { path: string; query?: Record<string, string | number | undefined>; children: ReactNode; className?: string }) {
  return (
    <a className={className} href={apiUrl(path, query)} download>
      {children}
    </a>
  );
}

/** The link that downloads a custody document's PDF. */
export function DocumentPdfLink({ id, label, className }: { id: Id; label?: string; className?: string }) {
  const { t } = useI18n();
  return (
    <DownloadLink path={assetPaths.documentPdf(id)} className={className}>
      {label ?? t('assets.doc.download')}
    </DownloadLink>
  );
}
