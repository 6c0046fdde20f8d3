// What can be done to a ticket, as its `can` flags and `allowed_transitions` say: staff take,
// assign, escalate, reprioritize, merge and move it through its statuses; the requester
// confirms the solution, reopens or cancels.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { PRIORITIES, type Queue, type Ticket, type TicketStatus } from '../../api/helpdesk';
import { useAuth } from '../../auth/AuthContext';
import { ErrorAlert, UserError, fieldError } from '../../components/ErrorAlert';
import { SelectField, TextAreaField, TextField } from '../../components/forms';
import { useFormAction } from '../../components/useFormAction';
import { useI18n, type MessageKey } from '../../i18n';
import { PRIORITY_LABEL, derivePriority, labelOf } from './labels';

interface Props {
  ticket: Ticket;
  onDone: (message: string) => void;
}

type CommentRule = 'none' | 'optional' | 'required';

interface TransitionSpec {
  to: TicketStatus;
  button: MessageKey;
  comment: CommentRule;
  commentLabel?: MessageKey;
  submit?: MessageKey;
  done: MessageKey;
}

/** How a move to `to` from `from` is offered: its button, whether it asks for a comment, and what it says when done. */
export function transitionSpec(from: TicketStatus, to: TicketStatus, staff: boolean): TransitionSpec {
  switch (to) {
    case 'resuelto':
      return { to, button: 'hd.tr.resolve', comment: 'required', commentLabel: 'hd.tr.solution', submit: 'hd.tr.resolve_submit', done: 'hd.tr.resolved' };
    case 'cerrado':
      return { to, button: staff ? 'hd.tr.close' : 'hd.tr.confirm', comment: 'none', done: staff ? 'hd.tr.closed' : 'hd.tr.confirmed' };
    case 'cancelado':
      return {
        to,
        button: staff ? 'hd.tr.cancel' : 'hd.tr.cancel_request',
        // The requester says why; staff may.
        comment: staff ? 'optional' : 'required',
        commentLabel: staff ? 'hd.tr.cancel_reason' : 'hd.tr.cancel_reason_required',
        submit: 'hd.tr.cancel_submit',
        done: 'hd.tr.cancelled',
      };
    case 'en_espera_solicitante':
    case 'en_espera_proveedor':
      return {
        to,
        button: to === 'en_espera_solicitante' ? 'hd.tr.wait_requester' : 'hd.tr.wait_supplier',
        comment: 'optional',
        commentLabel: 'hd.tr.wait_comment',
        submit: 'hd.tr.wait_submit',
        done: 'hd.tr.waiting',
      };
    case 'en_proceso':
      if (from === 'resuelto')
        return { to, button: 'hd.tr.reopen', comment: 'required', commentLabel: 'hd.tr.reopen_reason', submit: 'hd.tr.reopen_submit', done: 'hd.tr.reopened' };
      return { to, button: from === 'nuevo' || from === 'asignado' ? 'hd.tr.start' : 'hd.tr.resume', comment: 'none', done: 'hd.tr.started' };
    default:
      return { to, button: 'hd.tr.generic', comment: 'optional', commentLabel: 'hd.tr.comment', submit: 'hd.tr.generic', done: 'hd.tr.changed' };
  }
}

/** The most usual next step first, cancelling last. */
const TRANSITION_ORDER: TicketStatus[] = ['en_proceso', 'resuelto', 'cerrado', 'en_espera_solicitante', 'en_espera_proveedor', 'cancelado'];

function byTransitionOrder(a: TicketStatus, b: TicketStatus): number {
  const rank = (s: TicketStatus) => (TRANSITION_ORDER.includes(s) ? TRANSITION_ORDER.indexOf(s) : TRANSITION_ORDER.length);
  return rank(a) - rank(b);
}

function useTransition(ticket: Ticket, onDone: (message: string) => void) {
  const { t } = useI18n();
  const action = useFormAction();
  async function go(spec: TransitionSpec, comment: string) {
    await action.run(async () => {
      if (spec.comment === 'required' && !comment.trim()) throw new UserError(t('hd.tr.comment_required'));
      const body: Record<string, unknown> = { status: spec.to };
      if (comment.trim()) body.comment = comment.trim();
      await api.post<Ticket>(`/helpdesk/tickets/${encodeURIComponent(String(ticket.id))}/transition`, body);
      onDone(t(spec.done));
    });
  }
  return { ...action, go };
}

/** The transitions on offer as buttons; those that take a comment open a small form first. */
function Transitions({ ticket, specs, onDone }: Props & { specs: TransitionSpec[] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<TransitionSpec | null>(null);
  const [comment, setComment] = useState('');
  const { busy, error, go } = useTransition(ticket, (message) => {
    setOpen(null);
    setComment('');
    onDone(message);
  });
  if (!specs.length) return null;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (open) void go(open, comment);
  }

  return (
    <div className="hd-transitions">
      {!open ? <ErrorAlert error={error} /> : null}
      <div className="button-row">
        {specs.map((spec) => (
          <button
            key={spec.to}
            type="button"
            className={`button${spec.to === 'cancelado' || (spec.to === 'en_proceso' && ticket.status === 'resuelto') ? ' button--secondary' : ''}`}
            disabled={busy}
            aria-expanded={spec.comment === 'none' ? undefined : open?.to === spec.to}
            onClick={() => {
              if (spec.comment === 'none') void go(spec, '');
              else setOpen(open?.to === spec.to ? null : spec);
            }}
          >
            {t(spec.button)}
          </button>
        ))}
      </div>
      {open ? (
        <form className="hd-inline-form" onSubmit={onSubmit} noValidate aria-label={t(open.button)}>
          <ErrorAlert error={error} fields={['comment']} />
          <TextAreaField
            label={t(open.commentLabel ?? 'hd.tr.comment')}
            required={open.comment === 'required'}
            rows={4}
            value={comment}
            autoFocus
            onChange={(e) => setComment(e.target.value)}
            error={fieldError(error, 'comment')}
          />
          <div className="button-row">
            <button type="submit" className="button" disabled={busy}>
              {t(open.submit ?? open.button)}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setOpen(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

/** The requester's (and their area's) actions. */
export function RequesterActions({ ticket, onDone }: Props) {
  const { t } = useI18n();
  const specs: TransitionSpec[] = [];
  if (ticket.can.confirm) specs.push(transitionSpec(ticket.status, 'cerrado', false));
  if (ticket.can.reopen) specs.push(transitionSpec(ticket.status, 'en_proceso', false));
  if (ticket.can.cancel) specs.push(transitionSpec(ticket.status, 'cancelado', false));
  if (!specs.length) return null;
  return (
    <section className="card" aria-labelledby="hd-requester-actions">
      <h2 id="hd-requester-actions">{t(ticket.status === 'resuelto' ? 'hd.actions.solution' : 'hd.actions.title')}</h2>
      {ticket.status === 'resuelto' ? <p>{t('hd.actions.solution_text')}</p> : null}
      <Transitions ticket={ticket} specs={specs} onDone={onDone} />
    </section>
  );
}

/** The staff's actions (helpdesk.work): take, transitions, assign, escalate, priority, merge. */
export function StaffActions({ ticket, queues, onDone }: Props & { queues: Queue[] | undefined }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const take = useFormAction();
  const final = ticket.status === 'cerrado' || ticket.status === 'cancelado';
  const mine = me != null && ticket.assignee_id != null && String(ticket.assignee_id) === String(me.user.id);
  const specs = [...ticket.allowed_transitions].sort(byTransitionOrder).map((to) => transitionSpec(ticket.status, to, true));

  async function onTake() {
    await take.run(async () => {
      await api.post<Ticket>(`/helpdesk/tickets/${encodeURIComponent(String(ticket.id))}/take`);
      onDone(t('hd.actions.taken'));
    });
  }

  return (
    <section className="card hd-actions" aria-labelledby="hd-staff-actions">
      <h2 id="hd-staff-actions">{t('hd.actions.title')}</h2>
      <ErrorAlert error={take.error} />
      {!final && !mine ? (
        <p>
          <button type="button" className="button" disabled={take.busy} onClick={() => void onTake()}>
            {t('hd.actions.take')}
          </button>
        </p>
      ) : null}
      <Transitions ticket={ticket} specs={specs} onDone={onDone} />
      {!final ? (
        <>
          <details className="hd-action-details">
            <summary>{t('hd.actions.assign')}</summary>
            <AssignForm ticket={ticket} queues={queues} onDone={onDone} />
          </details>
          <details className="hd-action-details">
            <summary>{t('hd.actions.escalate')}</summary>
            <EscalateForm ticket={ticket} queues={queues} onDone={onDone} />
          </details>
          <details className="hd-action-details">
            <summary>{t('hd.actions.priority')}</summary>
            <PriorityForm ticket={ticket} onDone={onDone} />
          </details>
          <details className="hd-action-details">
            <summary>{t('hd.actions.merge')}</summary>
            <MergeForm ticket={ticket} onDone={onDone} />
          </details>
        </>
      ) : null}
    </section>
  );
}

function technicianOptions(queue: Queue | undefined, t: (key: MessageKey, vars?: Record<string, string | number>) => string) {
  return [
    { value: '', label: t('hd.assign.nobody') },
    { value: 'auto', label: t('hd.assign.auto') },
    ...(queue?.technicians ?? []).map((tech) => ({
      value: String(tech.user_id),
      label: t('hd.assign.technician', { name: tech.display_name, count: tech.open_count }),
    })),
  ];
}

function assigneeValue(value: string): number | string | null {
  if (!value) return null;
  if (value === 'auto') return 'auto';
  return Number(value);
}

function AssignForm({ ticket, queues, onDone }: Props & { queues: Queue[] | undefined }) {
  const { t } = useI18n();
  const queue = queues?.find((q) => String(q.id) === String(ticket.queue_id));
  const [assignee, setAssignee] = useState(ticket.assignee_id != null ? String(ticket.assignee_id) : '');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await api.post<Ticket>(`/helpdesk/tickets/${encodeURIComponent(String(ticket.id))}/assign`, { assignee_id: assigneeValue(assignee) });
      onDone(t('hd.assign.done'));
    });
  }

  return (
    <form className="hd-inline-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <ErrorAlert error={error} fields={['assignee_id']} />
      <SelectField
        label={t('hd.assign.technician_label', { queue: ticket.queue_name })}
        value={assignee}
        onChange={(e) => setAssignee(e.target.value)}
        options={technicianOptions(queue, t)}
        error={fieldError(error, 'assignee_id')}
      />
      <button type="submit" className="button" disabled={busy}>
        {t('hd.assign.submit')}
      </button>
    </form>
  );
}

function EscalateForm({ ticket, queues, onDone }: Props & { queues: Queue[] | undefined }) {
  const { t } = useI18n();
  const others = (queues ?? []).filter((q) => q.active && String(q.id) !== String(ticket.queue_id));
  const [queueId, setQueueId] = useState('');
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useFormAction();
  const target = others.find((q) => String(q.id) === queueId);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      if (!target) throw new UserError(t('hd.escalate.choose'));
      if (!reason.trim()) throw new UserError(t('hd.escalate.reason_required'));
      await api.post<Ticket>(`/helpdesk/tickets/${encodeURIComponent(String(ticket.id))}/assign`, {
        assignee_id: assigneeValue(assignee),
        queue_id: target.id,
        reason: reason.trim(),
      });
      onDone(t('hd.escalate.done', { queue: target.name }));
    });
  }

  return (
    <form className="hd-inline-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <ErrorAlert error={error} fields={['queue_id', 'assignee_id', 'reason']} />
      <SelectField
        label={t('hd.escalate.queue')}
        required
        value={queueId}
        onChange={(e) => {
          setQueueId(e.target.value);
          setAssignee('');
        }}
        options={[{ value: '', label: t('hd.field.choose') }, ...others.map((q) => ({ value: String(q.id), label: q.name }))]}
        error={fieldError(error, 'queue_id')}
      />
      <SelectField
        label={t('hd.escalate.assignee')}
        value={assignee}
        disabled={!target}
        onChange={(e) => setAssignee(e.target.value)}
        options={technicianOptions(target, t)}
        error={fieldError(error, 'assignee_id')}
      />
      <TextAreaField
        label={t('hd.escalate.reason')}
        required
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={fieldError(error, 'reason')}
      />
      <button type="submit" className="button" disabled={busy}>
        {t('hd.escalate.submit')}
      </button>
    </form>
  );
}

function PriorityForm({ ticket, onDone }: Props) {
  const { t } = useI18n();
  const derived = derivePriority(ticket.impact, ticket.urgency);
  const [priority, setPriority] = useState(String(ticket.priority));
  const [reason, setReason] = useState(ticket.priority_reason ?? '');
  const { busy, error, run } = useFormAction();
  const needsReason = Number(priority) !== derived;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      if (needsReason && !reason.trim()) throw new UserError(t('hd.priority.reason_required'));
      const body: Record<string, unknown> = { priority: Number(priority) };
      if (needsReason) body.priority_reason = reason.trim();
      await api.patch<Ticket>(`/helpdesk/tickets/${encodeURIComponent(String(ticket.id))}`, body);
      onDone(t('hd.priority.done'));
    });
  }

  return (
    <form className="hd-inline-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <ErrorAlert error={error} fields={['priority', 'priority_reason']} />
      <SelectField
        label={t('hd.field.priority')}
        value={priority}
        hint={t('hd.priority.derived', { priority: labelOf(t, PRIORITY_LABEL, derived) })}
        onChange={(e) => setPriority(e.target.value)}
        options={PRIORITIES.map((p) => ({ value: String(p), label: labelOf(t, PRIORITY_LABEL, p) }))}
        error={fieldError(error, 'priority')}
      />
      {needsReason ? (
        <TextAreaField
          label={t('hd.priority.reason')}
          required
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={fieldError(error, 'priority_reason')}
        />
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        {t('hd.priority.submit')}
      </button>
    </form>
  );
}

/** "MS-12", "ms 12" or "12" → 12; anything else → null. */
export function parseTicketNumber(text: string): number | null {
  const m = /^\s*(?:ms\s*-?\s*)?(\d+)\s*$/i.exec(text);
  return m ? Number(m[1]) : null;
}

function MergeForm({ ticket, onDone }: Props) {
  const { t } = useI18n();
  const [into, setInto] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const id = parseTicketNumber(into);
      if (id === null) throw new UserError(t('hd.merge.invalid'));
      if (!window.confirm(t('hd.merge.confirm', { from: ticket.number, into: `MS-${id}` }))) return;
      await api.post<Ticket>(`/helpdesk/tickets/${encodeURIComponent(String(ticket.id))}/merge`, { into_id: id });
      onDone(t('hd.merge.done', { into: `MS-${id}` }));
    });
  }

  return (
    <form className="hd-inline-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <ErrorAlert error={error} fields={['into_id']} />
      <TextField
        label={t('hd.merge.into')}
        hint={t('hd.merge.hint')}
        value={into}
        onChange={(e) => setInto(e.target.value)}
        error={fieldError(error, 'into_id')}
      />
      <button type="submit" className="button button--secondary" disabled={busy}>
        {t('hd.merge.submit')}
      </button>
    </form>
  );
}
