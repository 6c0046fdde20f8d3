// Auditoría (audit.read): the append-only log, filtered, paginated, exportable as CSV.
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, apiUrl, type Query } from '../../api/client';
import { AUDIT_ACTIONS, type AuditEntry, type ListPage } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { DataTable } from '../../components/DataTable';
import { fieldError } from '../../components/ErrorAlert';
import { FilterBar } from '../../components/FilterBar';
import { SelectField, TextField } from '../../components/forms';
import { EmptyNote, PagedList } from '../../components/ListState';
import { Page } from '../../components/Page';
import { pageParam } from '../../components/useListParams';
import { useResource } from '../../components/useResource';
import { mexicoCityDayToUtc, useI18n, type MessageKey } from '../../i18n';

const PER_PAGE = 50;
const FILTERS = ['actor', 'entity', 'action', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

const ACTION_LABEL: Record<string, MessageKey> = {
  create: 'audit.action.create',
  update: 'audit.action.update',
  delete: 'audit.action.delete',
  login: 'audit.action.login',
  login_failed: 'audit.action.login_failed',
  logout: 'audit.action.logout',
  denied: 'audit.action.denied',
  export: 'audit.action.export',
};

/** Entities the server records (audit "entity" values), with their names for people. */
const ENTITY_LABEL: Record<string, MessageKey> = {
  area: 'audit.entity.area',
  person: 'audit.entity.person',
  position: 'audit.entity.position',
  user: 'audit.entity.user',
  session: 'audit.entity.session',
  api_token: 'audit.entity.api_token',
  audit_log: 'audit.entity.audit_log',
  route: 'audit.entity.route',
};

/** Filters as the API wants them: the date range is whole days in Mexico City. */
function apiFilters(f: Filters): Query {
  return {
    actor: f.actor,
    entity: f.entity,
    action: f.action,
    from: f.from ? mexicoCityDayToUtc(f.from) : '',
    to: f.to ? mexicoCityDayToUtc(f.to, true) : '',
  };
}

function show(value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function AuditPage() {
  const { t, formatDate } = useI18n();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Filters;
  const page = pageParam(params);
  const [draft, setDraft] = useState<Filters>(applied);
  const key = FILTERS.map((k) => applied[k]).join('|');

  useEffect(() => setDraft(applied), [key]); // eslint-disable-line react-hooks/exhaustive-deps

  const entries = useResource(
    () => api.get<ListPage<AuditEntry>>('/audit', { ...apiFilters(applied), page, per_page: PER_PAGE }),
    [key, page],
  );

  function apply(next: Filters, nextPage = 1) {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (next[k]) p.set(k, next[k]);
    if (nextPage > 1) p.set('page', String(nextPage));
    setParams(p);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    apply({ ...draft, actor: draft.actor.trim(), entity: draft.entity.trim() });
  }

  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const exportHref = apiUrl('/audit/export.csv', apiFilters(applied));

  return (
    <Page
      title={t('audit.title')}
      actions={
        can('audit.export') ? (
          <a className="button button--secondary" href={exportHref} download>
            {t('audit.export')}
          </a>
        ) : null
      }
    >
      <p className="page-intro">{t('audit.intro')}</p>
      <FilterBar
        label={t('audit.filters')}
        submitLabel={t('audit.apply')}
        onSubmit={onSubmit}
        onClear={() => apply({ actor: '', entity: '', action: '', from: '', to: '' })}
      >
        <TextField label={t('audit.field.actor')} value={draft.actor} onChange={set('actor')} />
        <SelectField
          label={t('audit.field.entity')}
          value={draft.entity}
          onChange={set('entity')}
          options={[
            { value: '', label: t('audit.all_entities') },
            ...Object.entries(ENTITY_LABEL).map(([code, key]) => ({ value: code, label: t(key) })),
            // A value from a link that is not in the list stays selectable.
            ...(draft.entity && !ENTITY_LABEL[draft.entity] ? [{ value: draft.entity, label: draft.entity }] : []),
          ]}
        />
        <SelectField
          label={t('audit.field.action')}
          value={draft.action}
          onChange={set('action')}
          options={[
            { value: '', label: t('audit.all_actions') },
            ...AUDIT_ACTIONS.map((a) => ({ value: a, label: t(ACTION_LABEL[a] ?? 'audit.action.create') })),
          ]}
        />
        <TextField
          label={t('audit.field.from')}
          type="date"
          value={draft.from}
          onChange={set('from')}
          error={fieldError(entries.error, 'from')}
        />
        <TextField
          label={t('audit.field.to')}
          type="date"
          value={draft.to}
          onChange={set('to')}
          error={fieldError(entries.error, 'to')}
        />
      </FilterBar>
      <PagedList
        list={entries}
        errorFields={['from', 'to']}
        empty={<EmptyNote>{t('audit.empty')}</EmptyNote>}
        summary={(total) => t('audit.count', { total })}
        page={page}
        perPage={PER_PAGE}
        onPage={(p) => apply(applied, p)}
        paginationLabel={t('audit.pagination')}
      >
        {(data) => (
          <DataTable
            caption={t('audit.table')}
            className="audit-table"
            busy={entries.loading}
            columns={[
              t('audit.col.at'),
              t('audit.col.actor'),
              t('audit.col.action'),
              t('audit.col.entity'),
              t('audit.col.changes'),
              t('audit.col.ip'),
            ]}
          >
            {data.items.map((entry) => (
              <tr key={String(entry.id)}>
                <td>
                  <time dateTime={entry.at}>{formatDate(entry.at)}</time>
                </td>
                <td>{entry.actor ?? '—'}</td>
                <td>{ACTION_LABEL[entry.action] ? t(ACTION_LABEL[entry.action]!) : entry.action}</td>
                <td>
                  {entry.entity ? (ENTITY_LABEL[entry.entity] ? t(ENTITY_LABEL[entry.entity]!) : entry.entity) : '—'}
                  {entry.entity_id != null ? <span className="muted"> #{String(entry.entity_id)}</span> : null}
                </td>
                <td>
                  <Changes changes={entry.changes} />
                </td>
                <td>{entry.ip ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedList>
    </Page>
  );
}

/** Changed fields as "field: from → to"; long lists (e.g. a creation) fold behind a summary. */
function Changes({ changes }: { changes: AuditEntry['changes'] }) {
  const { t } = useI18n();
  const entries = Object.entries(changes ?? {});
  if (!entries.length) return <>—</>;
  const list = (
    <ul className="changes">
      {entries.map(([field, change]) => (
        <li key={field}>
          <strong>{field}</strong>: {show(change?.from, t('audit.empty_value'))} →{' '}
          {show(change?.to, t('audit.empty_value'))}
        </li>
      ))}
    </ul>
  );
  if (entries.length <= 4) return list;
  return (
    <details className="changes-details">
      <summary>{t('audit.changes_count', { count: entries.length })}</summary>
      {list}
    </details>
  );
}
