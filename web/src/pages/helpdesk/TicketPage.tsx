// Mesa de servicio › a ticket (/mesa/tickets/:id): what was asked, its state and SLA clocks, the
// conversation, and the actions the server says this user may take. Refreshed every 15 s while
// visible; drafts being typed live in their own components and survive the refresh.
import { useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import type { Category, Ticket } from '../../api/helpdesk';
import { fetchAll } from '../../api/lists';
import type { Area } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { Card } from '../../components/Card';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { AttachmentForm, ReplyBox, Satisfaction, SurveyForm } from './Conversation';
import { ExtraFieldValues } from './ExtraFields';
import { formatMinutes } from './format';
import { usePolling, useQueues } from './hooks';
import { CHANNEL_LABEL, IMPACT_LABEL, KIND_LABEL, URGENCY_LABEL, labelOf } from './labels';
import { PriorityBadge, SlaClock, StatusBadge, TicketLink, ticketPath } from './parts';
import { RequesterActions, StaffActions } from './TicketActions';
import { Timeline } from './Timeline';

export const TICKET_REFRESH_MS = 15_000;

export function TicketPage() {
  const { id = '' } = useParams();
  return <TicketView key={id} id={id} />;
}

function TicketView({ id }: { id: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const location = useLocation();
  const ticket = useResource(() => api.get<Ticket>(`/helpdesk/tickets/${encodeURIComponent(id)}`), [id]);
  const [flash, setFlash] = useState((location.state as { flash?: string } | null)?.flash ?? '');
  usePolling(ticket.reload, TICKET_REFRESH_MS);
  const back = can('helpdesk.work') || can('helpdesk.read_all') ? '/mesa/bandeja' : '/mesa/solicitudes';
  const backLabel = can('helpdesk.work') || can('helpdesk.read_all') ? 'hd.ticket.back_queue' : 'hd.ticket.back_mine';

  if (ticket.loading && !ticket.data) return <Loading />;
  if (!ticket.data) {
    const missing = ticket.error instanceof ApiError && (ticket.error.status === 404 || ticket.error.status === 403);
    return (
      <Page title={t(missing ? 'hd.ticket.not_found_title' : 'hd.ticket.title')}>
        {missing ? (
          <div className="alert alert--error" role="alert">
            <p>{t('hd.ticket.not_found')}</p>
          </div>
        ) : (
          <ErrorAlert error={ticket.error} />
        )}
        <p>
          <Link to={back}>← {t(backLabel)}</Link>
        </p>
      </Page>
    );
  }

  function onDone(message: string) {
    setFlash(message);
    ticket.reload();
  }

  return (
    <TicketDetail
      ticket={ticket.data}
      stale={ticket.error}
      flash={flash}
      onDone={onDone}
      back={<Link to={back}>← {t(backLabel)}</Link>}
    />
  );
}

interface DetailProps {
  ticket: Ticket;
  /** The last refresh's error, while the page still shows the ticket as last read. */
  stale: unknown;
  flash: string;
  onDone: (message: string) => void;
  back: ReactNode;
}

function TicketDetail({ ticket, stale, flash, onDone, back }: DetailProps) {
  const { t, formatDate } = useI18n();
  const queues = useQueues(ticket.can.work);
  const category = useResource(
    () => api.get<Category>(`/helpdesk/categories/${encodeURIComponent(String(ticket.category_id))}`).catch(() => null),
    [ticket.category_id],
  );
  const specs = category.data?.fields;
  const needsAreas = (specs ?? []).some((s) => s.type === 'area');
  const areas = useResource(() => (needsAreas ? fetchAll<Area>('/areas') : Promise.resolve([] as Area[])), [needsAreas]);
  const hasFields = Object.keys(ticket.fields ?? {}).length > 0;

  return (
    <Page title={`${ticket.number} · ${ticket.title}`}>
      <p>{back}</p>
      <div role="status" className={flash ? 'alert alert--success' : 'visually-hidden'}>
        {flash}
      </div>
      {stale ? (
        <div className="alert alert--error" role="alert">
          <p>{t('hd.ticket.stale')}</p>
        </div>
      ) : null}
      <p className="hd-ticket-badges">
        <StatusBadge status={ticket.status} /> <PriorityBadge priority={ticket.priority} />{' '}
        <span className="badge hd-kind">{labelOf(t, KIND_LABEL, ticket.kind)}</span>
      </p>
      <div className="hd-ticket-layout">
        <div className="hd-ticket-main">
          <Card id="hd-description" title={t('hd.field.description')}>
            <div className="hd-pre" data-testid="description">
              {ticket.description}
            </div>
            {hasFields ? (
              <>
                <h3>{t('hd.new.extra')}</h3>
                <ExtraFieldValues specs={specs} values={ticket.fields} areas={areas.data} />
              </>
            ) : null}
            {ticket.assets?.length ? (
              <>
                <h3>{t('hd.ticket.assets')}</h3>
                <ul>
                  {ticket.assets.map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </Card>
          <Relations ticket={ticket} />
          <Timeline ticketId={String(ticket.id)} entries={ticket.timeline ?? []} total={ticket.timeline_total ?? 0} />
          {ticket.can.reply || ticket.can.note ? <ReplyBox ticket={ticket} onDone={onDone} /> : null}
          {ticket.can.reply ? <AttachmentForm ticket={ticket} onDone={onDone} /> : null}
        </div>
        <aside className="hd-ticket-side" aria-label={t('hd.ticket.side')}>
          <Card id="hd-details" title={t('hd.ticket.details')}>
            <dl className="details details--stacked">
              <dt>{t('hd.field.queue')}</dt>
              <dd>{ticket.queue_name}</dd>
              <dt>{t('hd.field.category')}</dt>
              <dd>{ticket.category_name}</dd>
              <dt>{t('hd.field.requester')}</dt>
              <dd>{ticket.requester_name}</dd>
              <dt>{t('hd.field.area')}</dt>
              <dd>{ticket.area_name}</dd>
              <dt>{t('hd.field.assignee')}</dt>
              <dd data-testid="assignee">{ticket.assignee_name ?? t('hd.assign.nobody')}</dd>
              <dt>{t('hd.field.channel')}</dt>
              <dd>{labelOf(t, CHANNEL_LABEL, ticket.channel)}</dd>
              <dt>{t('hd.field.impact_urgency')}</dt>
              <dd>
                {labelOf(t, IMPACT_LABEL, ticket.impact)} / {labelOf(t, URGENCY_LABEL, ticket.urgency)}
              </dd>
              {ticket.priority_reason ? (
                <>
                  <dt>{t('hd.priority.reason')}</dt>
                  <dd className="hd-pre">{ticket.priority_reason}</dd>
                </>
              ) : null}
              <dt>{t('hd.field.created')}</dt>
              <dd>
                <time dateTime={ticket.created_at}>{formatDate(ticket.created_at)}</time>
              </dd>
              <dt>{t('hd.field.updated')}</dt>
              <dd>
                <time dateTime={ticket.updated_at}>{formatDate(ticket.updated_at)}</time>
              </dd>
              {ticket.resolved_at ? (
                <>
                  <dt>{t('hd.field.resolved_at')}</dt>
                  <dd>
                    <time dateTime={ticket.resolved_at}>{formatDate(ticket.resolved_at)}</time>
                  </dd>
                </>
              ) : null}
            </dl>
          </Card>
          <Card id="hd-sla" title={t('hd.sla.title')}>
            <dl className="details details--stacked hd-sla-list">
              {ticket.response_sla ? <SlaClock label={t('hd.sla.response')} sla={ticket.response_sla} /> : null}
              {ticket.resolution_sla ? <SlaClock label={t('hd.sla.resolution')} sla={ticket.resolution_sla} /> : null}
            </dl>
            {ticket.resolution_sla ? (
              <p className="muted">
                {t('hd.sla.targets', {
                  response: formatMinutes(ticket.response_sla?.target_minutes, t),
                  resolution: formatMinutes(ticket.resolution_sla.target_minutes, t),
                })}
                {ticket.resolution_sla.paused_minutes ? ` ${t('hd.sla.paused_for', { time: formatMinutes(ticket.resolution_sla.paused_minutes, t) })}` : ''}
              </p>
            ) : null}
          </Card>
          {ticket.can.work ? <StaffActions ticket={ticket} queues={queues.data} onDone={onDone} /> : <RequesterActions ticket={ticket} onDone={onDone} />}
          {ticket.can.rate && !ticket.satisfaction ? <SurveyForm ticket={ticket} onDone={onDone} /> : null}
          {ticket.satisfaction ? <Satisfaction satisfaction={ticket.satisfaction} /> : null}
        </aside>
      </div>
    </Page>
  );
}

/** Parent, children, duplicate and merge links. */
function Relations({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const items: ReactNode[] = [];
  if (ticket.merged_into_id != null)
    items.push(
      <li key="merged">
        {t('hd.ticket.merged_into')} <TicketLink id={ticket.merged_into_id} number={`MS-${ticket.merged_into_id}`} />
      </li>,
    );
  if (ticket.duplicate_of_id != null)
    items.push(
      <li key="dup">
        {t('hd.ticket.duplicate_of')} <TicketLink id={ticket.duplicate_of_id} number={`MS-${ticket.duplicate_of_id}`} />
      </li>,
    );
  if (ticket.parent_id != null)
    items.push(
      <li key="parent">
        {t('hd.ticket.parent')} <TicketLink id={ticket.parent_id} number={`MS-${ticket.parent_id}`} />
      </li>,
    );
  for (const c of ticket.children ?? [])
    items.push(
      <li key={`c${String(c.id)}`}>
        {t('hd.ticket.child')} <Link to={ticketPath(c.id)}>{c.number}</Link> {c.title} <StatusBadge status={c.status} />
      </li>,
    );
  if (!items.length) return null;
  return (
    <Card id="hd-relations" title={t('hd.ticket.relations')}>
      <ul>{items}</ul>
    </Card>
  );
}
