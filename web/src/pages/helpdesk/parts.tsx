// Small pieces the helpdesk pages share: badges for status, priority and SLA, the search
// excerpt with its matches marked, and a ticket's link.
import { Link } from 'react-router-dom';
import type { Sla, SlaState, TicketStatus } from '../../api/helpdesk';
import type { Id } from '../../api/types';
import { useI18n } from '../../i18n';
import { highlightSegments } from './highlight';
import { PRIORITY_LABEL, SLA_STATE_LABEL, STATUS_LABEL, labelOf } from './labels';

export function ticketPath(id: Id): string {
  return `/mesa/tickets/${encodeURIComponent(String(id))}`;
}

export function TicketLink({ id, number }: { id: Id; number: string }) {
  return <Link to={ticketPath(id)}>{number}</Link>;
}

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  return <span className={`badge hd-status hd-status--${status}`}>{labelOf(t, STATUS_LABEL, status)}</span>;
}

export function PriorityBadge({ priority }: { priority: number }) {
  const { t } = useI18n();
  return <span className={`badge hd-priority hd-priority--${priority}`}>{labelOf(t, PRIORITY_LABEL, priority)}</span>;
}

/** The SLA state as a badge; its explanation, when given, is the badge's tooltip. */
export function SlaBadge({ state, explanation }: { state: SlaState; explanation?: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge hd-sla hd-sla--${state}`} title={explanation || undefined}>
      {labelOf(t, SLA_STATE_LABEL, state)}
    </span>
  );
}

/** One SLA clock of a ticket: due time, state, target, pauses and the server's explanation. */
export function SlaClock({ label, sla }: { label: string; sla: Sla }) {
  const { t, formatDate } = useI18n();
  return (
    <div className="hd-sla-clock">
      <dt>{label}</dt>
      <dd>
        <SlaBadge state={sla.state} explanation={sla.explanation} />{' '}
        {sla.due_at ? (
          <span>
            {t(sla.state === 'met' || sla.state === 'missed' ? 'hd.sla.was_due' : 'hd.sla.due')}{' '}
            <time dateTime={sla.due_at}>{formatDate(sla.due_at)}</time>
          </span>
        ) : null}
        {sla.explanation ? (
          <details className="hd-sla-explanation">
            <summary>{t('hd.sla.how')}</summary>
            <p>{sla.explanation}</p>
          </details>
        ) : null}
      </dd>
    </div>
  );
}

/** A search excerpt: the server's «matches» as <mark>, everything else as text (never HTML). */
export function Highlight({ excerpt }: { excerpt: string }) {
  return (
    <span className="hd-excerpt">
      {highlightSegments(excerpt).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </span>
  );
}
