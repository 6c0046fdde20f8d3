// Writing on a ticket: a public reply (or, for staff, an internal note), an attachment upload,
// and the requester's satisfaction survey. Each keeps its own draft, so a refresh of the
// ticket never clears what is being typed.
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { Entry, Ticket } from '../../api/helpdesk';
import { Card } from '../../components/Card';
import { ErrorAlert, UserError, fieldError } from '../../components/ErrorAlert';
import { CheckboxField, Field, TextAreaField } from '../../components/forms';
import { useFormAction } from '../../components/useFormAction';
import { useI18n } from '../../i18n';

const MAX_ATTACHMENT = 10 * 1024 * 1024;

interface Props {
  ticket: Ticket;
  /** Called after a change, with what to announce. */
  onDone: (message: string) => void;
}

export function ReplyBox({ ticket, onDone }: Props) {
  const { t } = useI18n();
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const { busy, error, run } = useFormAction();
  const path = `/helpdesk/tickets/${encodeURIComponent(String(ticket.id))}/entries`;
  const note = internal && ticket.can.note;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      if (!body.trim()) throw new UserError(t(note ? 'hd.reply.note_empty' : 'hd.reply.empty'));
      await api.post<Entry>(path, { kind: note ? 'note' : 'reply', body: body.trim() });
      setBody('');
      onDone(t(note ? 'hd.reply.note_sent' : 'hd.reply.sent'));
    });
  }

  return (
    <section className={`card${note ? ' hd-compose--internal' : ''}`} aria-labelledby="hd-reply-heading">
      <h2 id="hd-reply-heading">{t(note ? 'hd.reply.note_title' : 'hd.reply.title')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['body']} />
        {ticket.can.note ? (
          <CheckboxField label={t('hd.reply.internal')} checked={internal} onChange={(e) => setInternal(e.target.checked)} />
        ) : null}
        <TextAreaField
          label={t(note ? 'hd.reply.note_label' : 'hd.reply.label')}
          rows={5}
          value={body}
          hint={t(note ? 'hd.reply.note_hint' : ticket.can.note ? 'hd.reply.hint' : 'hd.reply.hint_requester')}
          onChange={(e) => setBody(e.target.value)}
          error={fieldError(error, 'body')}
        />
        <button type="submit" className="button" disabled={busy}>
          {t(note ? 'hd.reply.note_submit' : 'hd.reply.submit')}
        </button>
      </form>
    </section>
  );
}

export function AttachmentForm({ ticket, onDone }: Props) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      if (!file) throw new UserError(t('hd.attach.none'));
      if (file.size > MAX_ATTACHMENT) throw new UserError(t('hd.attach.too_large'));
      await api.upload<Entry>(`/helpdesk/tickets/${encodeURIComponent(String(ticket.id))}/attachments`, await file.arrayBuffer(), {
        filename: file.name,
      });
      setFile(null);
      if (input.current) input.current.value = '';
      onDone(t('hd.attach.done', { name: file.name }));
    });
  }

  return (
    <section className="card" aria-labelledby="hd-attach-heading">
      <h2 id="hd-attach-heading">{t('hd.attach.title')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['filename']} />
        <Field label={t('hd.attach.file')} hint={t('hd.attach.hint')} error={fieldError(error, 'filename')}>
          {(control) => <input {...control} ref={input} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
        </Field>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t('hd.attach.submit')}
        </button>
      </form>
    </section>
  );
}

export function SurveyForm({ ticket, onDone }: Props) {
  const { t } = useI18n();
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      if (!rating) throw new UserError(t('hd.survey.choose'));
      const body: Record<string, unknown> = { rating };
      if (comment.trim()) body.comment = comment.trim();
      await api.post<unknown>(`/helpdesk/tickets/${encodeURIComponent(String(ticket.id))}/survey`, body);
      onDone(t('hd.survey.thanks'));
    });
  }

  return (
    <Card id="hd-survey-heading" title={t('hd.survey.title')} className="hd-survey">
      <p>{t('hd.survey.intro')}</p>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['rating', 'comment']} />
        <fieldset className="fieldset hd-stars">
          <legend>{t('hd.survey.rating')}</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className={`hd-star${n <= rating ? ' hd-star--on' : ''}`}>
              <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} aria-label={t('hd.survey.stars', { n })} />
              <span aria-hidden="true">★</span>
            </label>
          ))}
          {fieldError(error, 'rating') ? <p className="field-error">{fieldError(error, 'rating')}</p> : null}
        </fieldset>
        <TextAreaField
          label={t('hd.survey.comment')}
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          error={fieldError(error, 'comment')}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('hd.survey.submit')}
        </button>
      </form>
    </Card>
  );
}

/** The rating given: stars (read by screen readers as "n de 5") and the comment. */
export function Satisfaction({ satisfaction }: { satisfaction: NonNullable<Ticket['satisfaction']> }) {
  const { t, formatDate } = useI18n();
  return (
    <Card id="hd-satisfaction-heading" title={t('hd.survey.given')}>
      <p className="hd-rating" data-testid="satisfaction">
        <span aria-hidden="true" className="hd-rating-stars">
          {'★'.repeat(satisfaction.rating)}
          {'☆'.repeat(Math.max(0, 5 - satisfaction.rating))}
        </span>{' '}
        {t('hd.survey.of_five', { n: satisfaction.rating })}
      </p>
      {satisfaction.comment ? <blockquote className="hd-pre">{satisfaction.comment}</blockquote> : null}
      <p className="muted">
        <time dateTime={satisfaction.at}>{formatDate(satisfaction.at)}</time>
      </p>
    </Card>
  );
}
