// Catálogo y SLA › Colas: one queue per DSI department; its name, assignment rule and whether it
// takes tickets. Technicians are the department's staff (read-only here).
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { ASSIGNMENT_RULES, type AssignmentRule, type Queue } from '../../api/helpdesk';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { CheckboxField, SelectField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { EmptyNote } from '../../components/ListState';
import { useFormAction } from '../../components/useFormAction';
import type { Resource } from '../../components/useResource';
import { useI18n, type MessageKey } from '../../i18n';
import { ASSIGNMENT_LABEL } from './labels';

const ASSIGNMENT_HINT: Record<AssignmentRule, MessageKey> = {
  manual: 'hd.assignment.manual_hint',
  round_robin: 'hd.assignment.round_robin_hint',
  least_open: 'hd.assignment.least_open_hint',
};

export function QueuesAdmin({ queues }: { queues: Resource<Queue[]> }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="hd-queues-heading">
      <h2 id="hd-queues-heading">{t('hd.queues.title')}</h2>
      <p className="page-intro">{t('hd.queues.intro')}</p>
      <ErrorAlert error={queues.error} />
      {queues.loading && !queues.data ? <Loading /> : null}
      {queues.data && !queues.data.length ? <EmptyNote>{t('hd.queues.empty')}</EmptyNote> : null}
      <div className="hd-queue-cards">
        {(queues.data ?? []).map((q) => (
          <QueueCard key={String(q.id)} queue={q} onSaved={queues.reload} />
        ))}
      </div>
    </section>
  );
}

function QueueCard({ queue, onSaved }: { queue: Queue; onSaved: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(queue.name);
  const [assignment, setAssignment] = useState<AssignmentRule>(queue.assignment);
  const [active, setActive] = useState(queue.active);
  const [done, setDone] = useState('');
  const { busy, error, run } = useFormAction();
  const headingId = `hd-queue-${String(queue.id)}`;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setDone('');
    await run(async () => {
      const body: Record<string, unknown> = {};
      if (name.trim() !== queue.name) body.name = name.trim();
      if (assignment !== queue.assignment) body.assignment = assignment;
      if (active !== queue.active) body.active = active;
      if (Object.keys(body).length) await api.patch<Queue>(`/helpdesk/queues/${encodeURIComponent(String(queue.id))}`, body);
      setDone(t('hd.queues.saved', { name: name.trim() }));
      onSaved();
    });
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {queue.name} <span className="muted">· {queue.area_name}</span>
      </h3>
      <div role="status" className={done ? 'alert alert--success' : 'visually-hidden'}>
        {done}
      </div>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['name', 'assignment', 'active']} />
        <TextField label={t('hd.queues.name')} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} error={fieldError(error, 'name')} />
        <SelectField
          label={t('hd.queues.assignment')}
          value={assignment}
          hint={t(ASSIGNMENT_HINT[assignment])}
          onChange={(e) => setAssignment(e.target.value as AssignmentRule)}
          options={ASSIGNMENT_RULES.map((r) => ({ value: r, label: t(ASSIGNMENT_LABEL[r]) }))}
          error={fieldError(error, 'assignment')}
        />
        <CheckboxField label={t('hd.queues.active')} checked={active} onChange={(e) => setActive(e.target.checked)} />
        <button type="submit" className="button" disabled={busy} aria-label={t('hd.queues.save_named', { name: queue.name })}>
          {t('common.save')}
        </button>
      </form>
      <h4>{t('hd.queues.technicians')}</h4>
      {queue.technicians?.length ? (
        <ul>
          {queue.technicians.map((tech) => (
            <li key={String(tech.user_id)}>{t('hd.assign.technician', { name: tech.display_name, count: tech.open_count })}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('hd.queues.no_technicians')}</p>
      )}
    </section>
  );
}
