// Mesa de servicio › Bandeja: the technicians' console. Filters live in the URL (a saved view is
// that query string), the list refreshes every 20 s while visible, tickets can be acted on in
// bulk, and the keyboard drives it (j/k, Enter, x, /, r, ?).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, apiUrl } from '../../api/client';
import {
  PRIORITIES,
  STATUSES,
  TICKET_KINDS,
  type BulkResult,
  type SavedView,
  type TicketSummary,
} from '../../api/helpdesk';
import type { Items, ListPage } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, UserError, fieldError } from '../../components/ErrorAlert';
import { FilterBar } from '../../components/FilterBar';
import { SelectField, TextAreaField, TextField } from '../../components/forms';
import { EmptyNote, PagedList } from '../../components/ListState';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { pageParam } from '../../components/useListParams';
import { useResource } from '../../components/useResource';
import { useI18n, type MessageKey } from '../../i18n';
import { areaOptions, useAreas } from '../org/useAreas';
import { allTechnicians, useCategories, usePolling, useQueues } from './hooks';
import { KIND_LABEL, PRIORITY_LABEL, STATUS_LABEL, labelOf } from './labels';
import { useStatusOptions } from './MyRequestsPage';
import { Highlight, PriorityBadge, SlaBadge, StatusBadge, ticketPath } from './parts';
import {
  ME,
  SORTS,
  UNASSIGNED,
  apiFilters,
  filtersFromQuery,
  filtersToQuery,
  isFiltered,
  myWorkQuery,
  type TicketFilters,
} from './ticketQuery';

const PER_PAGE = 50;
export const QUEUE_REFRESH_MS = 20_000;

const SORT_LABEL: Record<(typeof SORTS)[number], MessageKey> = {
  '-updated_at': 'hd.sort.-updated_at',
  updated_at: 'hd.sort.updated_at',
  '-created_at': 'hd.sort.-created_at',
  created_at: 'hd.sort.created_at',
  priority: 'hd.sort.priority',
  '-priority': 'hd.sort.-priority',
  resolution_due_at: 'hd.sort.resolution_due_at',
};

const SHORTCUTS: [string, MessageKey][] = [
  ['j', 'hd.keys.j'],
  ['k', 'hd.keys.k'],
  ['Enter', 'hd.keys.enter'],
  ['x', 'hd.keys.x'],
  ['/', 'hd.keys.slash'],
  ['r', 'hd.keys.r'],
  ['?', 'hd.keys.help'],
];

/** Whether a key press belongs to a control that takes text (shortcuts must not steal it). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target.tagName === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return false;
}

export function BandejaPage() {
  const { t, formatDate } = useI18n();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromQuery(params);
  const page = pageParam(params);
  const query = filtersToQuery(filters, page);
  const meId = me?.user.id;
  const [draft, setDraft] = useState(filters.q);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [cursor, setCursor] = useState(-1);
  const [bulkResult, setBulkResult] = useState<BulkResult | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const help = useRef<HTMLDialogElement>(null);
  const table = useRef<HTMLDivElement>(null);
  const canWork = can('helpdesk.work');
  const canExport = can('helpdesk.read_all');

  const queues = useQueues();
  const categories = useCategories(true);
  const areas = useAreas();
  const statusOptions = useStatusOptions(t('hd.status.all'));
  const tickets = useResource(
    () => api.get<ListPage<TicketSummary>>('/helpdesk/tickets', { ...apiFilters(filters, meId), page, per_page: PER_PAGE }),
    [query, meId],
  );
  usePolling(tickets.reload, QUEUE_REFRESH_MS);
  const items = tickets.data?.items ?? [];

  useEffect(() => setDraft(filters.q), [filters.q]);
  useEffect(() => {
    setCursor(-1);
    setBulkResult(null);
  }, [query]);

  function apply(changes: Partial<TicketFilters>, nextPage = 1) {
    setParams(new URLSearchParams(filtersToQuery({ ...filters, ...changes }, nextPage)));
  }

  function onSearch(e: FormEvent) {
    e.preventDefault();
    apply({ q: draft.trim() });
  }

  function toggle(id: string) {
    setSelected((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function moveTo(index: number) {
    if (!items.length) return;
    const i = Math.max(0, Math.min(items.length - 1, index));
    setCursor(i);
    const link = table.current?.querySelector<HTMLAnchorElement>(`[data-row="${i}"] a.hd-row-link`);
    link?.focus();
  }

  // The latest handler, read by one listener bound once.
  const onKey = useRef<(e: KeyboardEvent) => void>(() => undefined);
  onKey.current = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || help.current?.open) return;
    if (typingIn(e.target)) return;
    const current = items[cursor];
    switch (e.key) {
      case 'j':
        e.preventDefault();
        moveTo(cursor + 1);
        break;
      case 'k':
        e.preventDefault();
        moveTo(cursor <= 0 ? 0 : cursor - 1);
        break;
      case 'Enter':
        // A focused link or button does its own thing.
        if (e.target instanceof HTMLElement && e.target.closest('a, button')) return;
        if (current) {
          e.preventDefault();
          navigate(ticketPath(current.id));
        }
        break;
      case 'x':
        if (current && canWork) {
          e.preventDefault();
          toggle(String(current.id));
        }
        break;
      case '/':
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
        break;
      case 'r':
        e.preventDefault();
        tickets.reload();
        break;
      case '?':
        e.preventDefault();
        help.current?.showModal();
        break;
    }
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const technicians = allTechnicians(queues.data);
  const exportQuery = { ...apiFilters(filters, meId) };
  const pageIds = items.map((i) => String(i.id));
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const filtered = isFiltered(filters);

  return (
    <Page
      title={t('hd.queue.title')}
      actions={
        <div className="button-row">
          <Link className="button button--secondary" to={`/mesa/bandeja?${myWorkQuery()}`}>
            {t('hd.queue.my_work')}
          </Link>
          {canExport ? (
            <>
              <a className="button button--secondary" href={apiUrl('/helpdesk/tickets/export', { format: 'csv', ...exportQuery })} download>
                {t('hd.queue.export_csv')}
              </a>
              <a className="button button--secondary" href={apiUrl('/helpdesk/tickets/export', { format: 'xlsx', ...exportQuery })} download>
                {t('hd.queue.export_xlsx')}
              </a>
            </>
          ) : null}
          <button type="button" className="button button--secondary" aria-keyshortcuts="?" onClick={() => help.current?.showModal()}>
            {t('hd.keys.button')}
          </button>
        </div>
      }
    >
      {canWork ? <SavedViews current={filtersToQuery(filters)} /> : null}
      <FilterBar
        label={t('hd.queue.filters')}
        search
        submitLabel={t('common.search')}
        onSubmit={onSearch}
        onClear={filtered ? () => setParams(new URLSearchParams()) : undefined}
      >
        <TextField
          ref={search}
          label={t('hd.filter.q')}
          type="search"
          aria-keyshortcuts="/"
          value={draft}
          hint={t('hd.filter.q_hint')}
          onChange={(e) => setDraft(e.target.value)}
        />
        <SelectField
          label={t('hd.filter.scope')}
          value={filters.scope}
          onChange={(e) => apply({ scope: e.target.value })}
          options={[
            { value: '', label: t('hd.scope.default') },
            { value: 'all', label: t('hd.scope.all') },
            { value: 'assigned', label: t('hd.scope.assigned') },
            { value: 'mine', label: t('hd.scope.mine') },
            { value: 'area', label: t('hd.scope.area') },
          ]}
        />
        <SelectField
          label={t('hd.filter.status')}
          value={filters.status}
          onChange={(e) => apply({ status: e.target.value })}
          options={
            filters.status && !statusOptions.some((o) => o.value === filters.status)
              ? [...statusOptions, { value: filters.status, label: filters.status.split(',').map((s) => labelOf(t, STATUS_LABEL, s)).join(', ') }]
              : statusOptions
          }
        />
        <SelectField
          label={t('hd.filter.queue')}
          value={filters.queue_id}
          onChange={(e) => apply({ queue_id: e.target.value })}
          options={[{ value: '', label: t('hd.filter.all_queues') }, ...(queues.data ?? []).map((q) => ({ value: String(q.id), label: q.name }))]}
        />
        <SelectField
          label={t('hd.filter.assignee')}
          value={filters.assignee_id}
          onChange={(e) => apply({ assignee_id: e.target.value })}
          options={[
            { value: '', label: t('hd.filter.anyone') },
            { value: ME, label: t('hd.filter.me') },
            { value: UNASSIGNED, label: t('hd.filter.unassigned') },
            ...technicians.filter((x) => String(x.user_id) !== String(meId)).map((x) => ({ value: String(x.user_id), label: x.display_name })),
          ]}
        />
        <SelectField
          label={t('hd.filter.priority')}
          value={filters.priority}
          onChange={(e) => apply({ priority: e.target.value })}
          options={[{ value: '', label: t('hd.filter.all_priorities') }, ...PRIORITIES.map((p) => ({ value: String(p), label: labelOf(t, PRIORITY_LABEL, p) }))]}
        />
        <SelectField
          label={t('hd.filter.category')}
          value={filters.category_id}
          onChange={(e) => apply({ category_id: e.target.value })}
          options={[
            { value: '', label: t('hd.filter.all_categories') },
            ...(categories.data ?? [])
              .slice()
              .sort((a, b) => a.name.localeCompare(b.name, 'es-MX'))
              .map((c) => ({ value: String(c.id), label: `${c.name} (${c.queue_name})` })),
          ]}
        />
        <SelectField
          label={t('hd.filter.area')}
          value={filters.area_id}
          onChange={(e) => apply({ area_id: e.target.value })}
          options={areaOptions(areas.data, t('hd.filter.all_areas'))}
        />
        <SelectField
          label={t('hd.filter.kind')}
          value={filters.kind}
          onChange={(e) => apply({ kind: e.target.value })}
          options={[{ value: '', label: t('hd.filter.all_kinds') }, ...TICKET_KINDS.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))]}
        />
        <SelectField
          label={t('hd.filter.sla')}
          value={filters.sla}
          onChange={(e) => apply({ sla: e.target.value })}
          options={[
            { value: '', label: t('hd.filter.sla_any') },
            { value: 'warning', label: t('hd.sla.warning') },
            { value: 'breached', label: t('hd.sla.breached') },
          ]}
        />
        <SelectField
          label={t('hd.filter.sort')}
          value={filters.sort || '-updated_at'}
          onChange={(e) => apply({ sort: e.target.value })}
          options={SORTS.map((s) => ({ value: s, label: t(SORT_LABEL[s]) }))}
        />
      </FilterBar>
      {canWork && selected.size ? (
        <BulkActions
          ids={[...selected]}
          technicians={technicians.map((x) => ({ value: String(x.user_id), label: x.display_name }))}
          onClear={() => setSelected(new Set())}
          onDone={(result) => {
            setBulkResult(result);
            setSelected(new Set(result.failed.map((f) => String(f.id))));
            tickets.reload();
          }}
        />
      ) : null}
      {bulkResult ? <BulkOutcome result={bulkResult} /> : null}
      <div ref={table}>
        <PagedList
          list={tickets}
          summary={(total) => t('hd.count', { total })}
          page={page}
          perPage={PER_PAGE}
          onPage={(p) => apply({}, p)}
          paginationLabel={t('hd.queue.pagination')}
          empty={<EmptyNote>{t(filtered ? 'hd.queue.empty_filtered' : 'hd.queue.empty')}</EmptyNote>}
        >
          {(data) => (
            <DataTable
              caption={t('hd.queue.table')}
              className="hd-queue-table"
              busy={tickets.loading}
              columns={[
                ...(canWork
                  ? [
                      <input
                        type="checkbox"
                        aria-label={t('hd.bulk.select_page')}
                        checked={allOnPage}
                        onChange={() =>
                          setSelected((old) => {
                            const next = new Set(old);
                            for (const id of pageIds) {
                              if (allOnPage) next.delete(id);
                              else next.add(id);
                            }
                            return next;
                          })
                        }
                      />,
                    ]
                  : []),
                t('hd.col.number'),
                t('hd.col.title'),
                t('hd.col.status_priority'),
                t('hd.col.assignee_queue'),
                t('hd.col.requester'),
                t('hd.col.sla'),
                t('hd.col.updated'),
              ]}
            >
              {data.items.map((ticket, i) => {
                const id = String(ticket.id);
                return (
                  <tr
                    key={id}
                    data-row={i}
                    className={`${i === cursor ? 'hd-row--cursor' : ''}${selected.has(id) ? ' hd-row--selected' : ''}`}
                    onFocus={() => setCursor(i)}
                  >
                    {canWork ? (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={t('hd.bulk.select', { number: ticket.number })}
                          checked={selected.has(id)}
                          onChange={() => toggle(id)}
                        />
                      </td>
                    ) : null}
                    <td className="hd-col-number">
                      <Link className="hd-row-link" to={ticketPath(ticket.id)}>
                        {ticket.number}
                      </Link>
                    </td>
                    <td className="hd-col-title">
                      {ticket.title}
                      <div className="muted hd-small">{ticket.category_name}</div>
                      {ticket.highlight ? (
                        <div className="hd-small">
                          <Highlight excerpt={ticket.highlight} />
                        </div>
                      ) : null}
                    </td>
                    <td className="hd-col-badges">
                      <StatusBadge status={ticket.status} /> <PriorityBadge priority={ticket.priority} />
                    </td>
                    <td>
                      {ticket.assignee_name ?? <span className="muted">{t('hd.assign.nobody')}</span>}
                      <div className="muted hd-small">{ticket.queue_name}</div>
                    </td>
                    <td>
                      {ticket.requester_name}
                      <div className="muted hd-small">{ticket.area_name}</div>
                    </td>
                    <td>
                      <SlaBadge state={ticket.sla_state} />
                      {ticket.resolution_due_at ? (
                        <div className="hd-small">
                          <time dateTime={ticket.resolution_due_at}>{formatDate(ticket.resolution_due_at)}</time>
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <time dateTime={ticket.updated_at}>{formatDate(ticket.updated_at)}</time>
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </PagedList>
      </div>
      <p className="muted hd-small">{t('hd.queue.refresh_note', { seconds: QUEUE_REFRESH_MS / 1000 })}</p>
      <dialog ref={help} className="hd-dialog" aria-labelledby="hd-keys-heading">
        <h2 id="hd-keys-heading">{t('hd.keys.title')}</h2>
        <dl className="details hd-keys">
          {SHORTCUTS.map(([key, label]) => (
            <div key={key} className="details-row">
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{t(label)}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog">
          <button type="submit" className="button">
            {t('hd.keys.close')}
          </button>
        </form>
      </dialog>
    </Page>
  );
}

/** The user's saved views (each a query string of the Bandeja), and saving the current one. */
function SavedViews({ current }: { current: string }) {
  const { t } = useI18n();
  const views = useResource(() => api.get<Items<SavedView>>('/helpdesk/views').then((r) => r.items), []);
  const [name, setName] = useState('');
  const [flash, setFlash] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSave(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      if (!name.trim()) throw new UserError(t('hd.views.name_required'));
      await api.post<SavedView>('/helpdesk/views', { name: name.trim(), query: current });
      setFlash(t('hd.views.saved', { name: name.trim() }));
      setName('');
      views.reload();
    });
  }

  async function onDelete(view: SavedView) {
    if (!window.confirm(t('hd.views.confirm_delete', { name: view.name }))) return;
    await run(async () => {
      await api.del(`/helpdesk/views/${encodeURIComponent(String(view.id))}`);
      setFlash(t('hd.views.deleted', { name: view.name }));
      views.reload();
    });
  }

  return (
    <section className="card hd-views" aria-labelledby="hd-views-heading">
      <div className="hd-views-row">
        <h2 id="hd-views-heading">{t('hd.views.title')}</h2>
        {views.data?.length ? (
          <ul className="hd-view-list">
            {views.data.map((v) => (
              <li key={String(v.id)}>
                <Link
                  to={`/mesa/bandeja${v.query ? `?${v.query.replace(/^\?/, '')}` : ''}`}
                  aria-current={v.query.replace(/^\?/, '') === current ? 'true' : undefined}
                >
                  {v.name}
                </Link>{' '}
                <button type="button" className="link-button hd-small" aria-label={t('hd.views.delete_named', { name: v.name })} onClick={() => void onDelete(v)}>
                  {t('common.delete')}
                </button>
              </li>
            ))}
          </ul>
        ) : views.data ? (
          <p className="muted hd-small">{t('hd.views.empty')}</p>
        ) : null}
        <details open={Boolean(error)}>
          <summary>{t('hd.views.save')}</summary>
          <form className="hd-inline-row" onSubmit={(e) => void onSave(e)} noValidate>
            <TextField label={t('hd.views.name')} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} error={fieldError(error, 'name')} />
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t('hd.views.save_submit')}
            </button>
          </form>
        </details>
      </div>
      <div role="status" className={flash ? 'muted hd-small' : 'visually-hidden'}>
        {flash}
      </div>
      <ErrorAlert error={views.error ?? error} fields={['name']} />
    </section>
  );
}

interface BulkProps {
  ids: string[];
  technicians: { value: string; label: string }[];
  onClear: () => void;
  onDone: (result: BulkResult) => void;
}

function BulkActions({ ids, technicians, onClear, onDone }: BulkProps) {
  const { t } = useI18n();
  const [action, setAction] = useState<'assign' | 'transition' | 'priority'>('assign');
  const [assignee, setAssignee] = useState('');
  const [status, setStatus] = useState('en_proceso');
  const [comment, setComment] = useState('');
  const [priority, setPriority] = useState('3');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useFormAction();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const body: Record<string, unknown> = { ids: ids.map((id) => (/^\d+$/.test(id) ? Number(id) : id)), action };
      if (action === 'assign') body.assignee_id = assignee === '' ? null : Number(assignee);
      if (action === 'transition') {
        body.status = status;
        if (comment.trim()) body.comment = comment.trim();
      }
      if (action === 'priority') {
        body.priority = Number(priority);
        if (reason.trim()) body.priority_reason = reason.trim();
      }
      const res = await api.post<BulkResult>('/helpdesk/tickets/bulk', body);
      onDone(res);
    });
  }

  return (
    <section className="card hd-bulk" aria-labelledby="hd-bulk-heading">
      <h2 id="hd-bulk-heading">{t('hd.bulk.title', { count: ids.length })}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="hd-inline-row">
        <SelectField
          label={t('hd.bulk.action')}
          value={action}
          onChange={(e) => setAction(e.target.value as typeof action)}
          options={[
            { value: 'assign', label: t('hd.bulk.assign') },
            { value: 'transition', label: t('hd.bulk.transition') },
            { value: 'priority', label: t('hd.bulk.priority') },
          ]}
        />
        {action === 'assign' ? (
          <SelectField
            label={t('hd.field.assignee')}
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            options={[{ value: '', label: t('hd.assign.nobody') }, ...technicians]}
          />
        ) : null}
        {action === 'transition' ? (
          <>
            <SelectField
              label={t('hd.bulk.status')}
              value={status}
              onChange={(e) => setStatus(e.target.value)}
              options={STATUSES.filter((s) => s !== 'nuevo' && s !== 'asignado').map((s) => ({ value: s, label: t(STATUS_LABEL[s]) }))}
            />
            <TextAreaField
              label={t(status === 'resuelto' ? 'hd.tr.solution' : 'hd.tr.comment')}
              required={status === 'resuelto'}
              rows={2}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </>
        ) : null}
        {action === 'priority' ? (
          <>
            <SelectField
              label={t('hd.field.priority')}
              value={priority}
              onChange={(e) => setPriority(e.target.value)}
              options={PRIORITIES.map((p) => ({ value: String(p), label: labelOf(t, PRIORITY_LABEL, p) }))}
            />
            <TextField label={t('hd.priority.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          </>
        ) : null}
        <div className="button-row hd-bulk-buttons">
          <button type="submit" className="button" disabled={busy}>
            {t('hd.bulk.apply')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClear}>
            {t('hd.bulk.clear')}
          </button>
        </div>
      </form>
      <ErrorAlert error={error} />
    </section>
  );
}

/** What a bulk action did: how many tickets changed, and each one that did not, with the reason. */
function BulkOutcome({ result }: { result: BulkResult }) {
  const { t } = useI18n();
  return (
    <div role="status" className="hd-bulk-outcome">
      <p className={result.failed.length ? '' : 'alert alert--success'}>{t('hd.bulk.updated', { count: result.updated.length })}</p>
      {result.failed.length ? (
        <div className="alert alert--error">
          <p>{t('hd.bulk.failed', { count: result.failed.length })}</p>
          <ul>
            {result.failed.map((f) => (
              <li key={String(f.id)}>
                <Link to={ticketPath(f.id)}>MS-{String(f.id)}</Link>: {f.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
