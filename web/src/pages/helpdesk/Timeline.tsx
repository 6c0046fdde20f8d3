// A ticket's timeline: replies, internal notes (marked "Nota interna"), change events as
// sentences, and attachments with their download links — oldest first.
import { useState } from 'react';
import { apiUrl } from '../../api/client';
import type { Entry } from '../../api/helpdesk';
import { fetchAll } from '../../api/lists';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { eventSentences } from './events';
import { formatSize } from './format';

interface Props {
  ticketId: string;
  entries: Entry[];
  total: number;
}

export function Timeline({ ticketId, entries, total }: Props) {
  const { t } = useI18n();
  const [all, setAll] = useState<Entry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // Once the older entries are loaded, newer ones (from a refresh) are appended to them.
  const shown = all ? [...all, ...entries.filter((e) => !all.some((a) => String(a.id) === String(e.id)))] : entries;
  const older = Math.max(0, total - entries.length);

  async function loadOlder() {
    setBusy(true);
    setError(null);
    try {
      setAll(await fetchAll<Entry>(`/helpdesk/tickets/${encodeURIComponent(ticketId)}/entries`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="hd-timeline-heading">
      <h2 id="hd-timeline-heading">{t('hd.timeline.title')}</h2>
      {older > 0 && !all ? (
        <p>
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => void loadOlder()}>
            {t('hd.timeline.older', { count: older })}
          </button>
        </p>
      ) : null}
      <ErrorAlert error={error} />
      {shown.length === 0 ? <p className="muted">{t('hd.timeline.empty')}</p> : null}
      <ol className="hd-timeline" data-testid="timeline">
        {shown.map((entry) => (
          <TimelineEntry key={String(entry.id)} entry={entry} />
        ))}
      </ol>
    </section>
  );
}

function TimelineEntry({ entry }: { entry: Entry }) {
  const { t, formatDate, lang } = useI18n();
  const internal = entry.visibility === 'internal' || entry.kind === 'note';
  const time = (
    <time dateTime={entry.created_at} className="muted">
      {formatDate(entry.created_at)}
    </time>
  );
  const author = entry.author_name || t('hd.event.system');
  const viaMail = entry.via === 'correo' ? <span className="badge">{t('hd.timeline.via_mail')}</span> : null;
  const internalBadge = internal ? <span className="badge hd-internal-badge">{t('hd.timeline.internal')}</span> : null;

  if (entry.kind === 'event') {
    return (
      <li className="hd-entry hd-entry--event">
        <p>
          {eventSentences(entry, t).join(' ')} {time}
        </p>
        {entry.changes && Object.keys(entry.changes).length && entry.body?.trim() ? <p className="hd-pre hd-event-body">{entry.body}</p> : null}
      </li>
    );
  }

  if (entry.kind === 'attachment' && entry.attachment) {
    const a = entry.attachment;
    return (
      <li className={`hd-entry hd-entry--attachment${internal ? ' hd-entry--internal' : ''}`}>
        <p>
          {internalBadge} {t('hd.timeline.attached', { who: author })}{' '}
          <a href={apiUrl(`/helpdesk/attachments/${encodeURIComponent(String(a.id))}`)} download={a.filename}>
            {a.filename}
          </a>{' '}
          <span className="muted">({formatSize(a.size, lang === 'en' ? 'en-US' : 'es-MX')})</span> {time}
        </p>
      </li>
    );
  }

  return (
    <li className={`hd-entry ${internal ? 'hd-entry--internal' : 'hd-entry--reply'}`}>
      <article aria-label={internal ? t('hd.timeline.note_by', { who: author }) : t('hd.timeline.reply_by', { who: author })}>
        <header className="hd-entry-header">
          {internalBadge} <strong>{author}</strong> {viaMail} {time}
        </header>
        <div className="hd-pre">{entry.body}</div>
      </article>
    </li>
  );
}
