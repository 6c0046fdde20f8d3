// Parque informático › Levantamientos (/activos/levantamientos): the physical-inventory campaigns,
// and (assets.manage) opening a new one over some areas.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { ASSETS_MANAGE, CAMPAIGN_STATUSES, assetPaths, type Campaign } from '../../api/assets';
import type { Area, ListPage } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { Card } from '../../components/Card';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, UserError, fieldError } from '../../components/ErrorAlert';
import { SelectField, TextAreaField, TextField } from '../../components/forms';
import { EmptyNote, ListState } from '../../components/ListState';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useListParams } from '../../components/useListParams';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { byPath, useAreas } from '../org/useAreas';
import { foldHeader } from './mapping';
import { CAMPAIGN_STATUS_LABEL, labelOf } from './labels';
import { InstantFilters, When, itemsOf } from './parts';
import { apiId } from './query';

export function campaignPath(id: Campaign['id']): string {
  return `/activos/levantamientos/${encodeURIComponent(String(id))}`;
}

export function CampaignsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { params, setParams, update } = useListParams({ paged: false });
  const status = params.get('status') ?? '';
  const campaigns = useResource(
    () => api.get<ListPage<Campaign> | Campaign[]>(assetPaths.campaigns, { status, per_page: 200 }).then((r) => itemsOf(r)),
    [status],
  );
  const [creating, setCreating] = useState(false);
  const canManage = can(ASSETS_MANAGE);

  return (
    <Page
      title={t('assets.campaigns.title')}
      actions={
        canManage && !creating ? (
          <button type="button" className="button" onClick={() => setCreating(true)}>
            {t('assets.campaigns.new')}
          </button>
        ) : undefined
      }
    >
      <p className="page-intro">{t('assets.campaigns.intro')}</p>
      {creating ? <NewCampaign onCancel={() => setCreating(false)} /> : null}
      <InstantFilters
        label={t('assets.campaigns.filters')}
        onClear={status ? () => setParams(new URLSearchParams()) : undefined}
      >
        <SelectField
          label={t('assets.campaigns.status')}
          value={status}
          onChange={(e) => update({ status: e.target.value })}
          options={[{ value: '', label: t('assets.campaigns.all') }, ...CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(CAMPAIGN_STATUS_LABEL[s]) }))]}
        />
      </InstantFilters>
      <ListState list={campaigns} empty={<EmptyNote>{t('assets.campaigns.empty')}</EmptyNote>}>
        {(items) => (
          <DataTable
            caption={t('assets.campaigns.title')}
            columns={[t('assets.campaigns.name'), t('assets.campaigns.status'), t('assets.campaigns.areas'), t('assets.campaigns.progress'), t('assets.campaigns.opened'), t('assets.campaigns.closed')]}
          >
            {items.map((c) => (
              <tr key={String(c.id)}>
                <td>
                  <Link to={campaignPath(c.id)}>{c.name}</Link>
                </td>
                <td>
                  <span className={`badge as-campaign--${c.status}`}>{labelOf(t, CAMPAIGN_STATUS_LABEL, c.status)}</span>
                </td>
                <td>{c.areas.map((a) => a.name).join(', ') || '—'}</td>
                <td>{t('assets.campaigns.progress_value', { scanned: c.counts?.scanned ?? 0, expected: c.counts?.expected ?? 0 })}</td>
                <td>
                  <When at={c.opened_at} />
                </td>
                <td>
                  <When at={c.closed_at} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </ListState>
    </Page>
  );
}

function NewCampaign({ onCancel }: { onCancel: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const areas = useAreas();
  const [name, setName] = useState('');
  const [notes, setNotes] = useState('');
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const { busy, error, run } = useFormAction();

  const words = foldHeader(filter).split(' ').filter(Boolean);
  const shown = (areas.data ?? [])
    .filter((a) => a.active !== false)
    .slice()
    .sort(byPath)
    .filter((a) => {
      const text = foldHeader(`${a.path} ${a.name} ${a.code ?? ''}`);
      return words.every((w) => text.includes(w)) || chosen.has(String(a.id));
    });

  function toggle(a: Area) {
    setChosen((old) => {
      const next = new Set(old);
      if (next.has(String(a.id))) next.delete(String(a.id));
      else next.add(String(a.id));
      return next;
    });
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(
      async () => {
        if (!name.trim()) throw new UserError(t('assets.campaigns.name_required'));
        if (!chosen.size) throw new UserError(t('assets.campaigns.areas_required'));
        const c = await api.post<Campaign>(assetPaths.campaigns, { name: name.trim(), area_ids: [...chosen].map(apiId), notes: notes.trim() });
        navigate(campaignPath(c.id), { state: { flash: t('assets.campaigns.created', { name: c.name }) } });
      },
      { leaves: true },
    );
  }

  return (
    <Card id="as-new-campaign" title={t('assets.campaigns.new')} className="form-card as-wide-card">
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error ?? areas.error} fields={['name', 'area_ids', 'notes']} />
        <TextField label={t('assets.campaigns.name')} required value={name} onChange={(e) => setName(e.target.value)} error={fieldError(error, 'name')} />
        <fieldset className="fieldset as-area-picker">
          <legend>{t('assets.campaigns.areas_legend', { count: chosen.size })}</legend>
          <TextField label={t('assets.campaigns.areas_filter')} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <ul className="as-area-list">
            {shown.map((a) => (
              <li key={String(a.id)}>
                <label>
                  <input type="checkbox" checked={chosen.has(String(a.id))} onChange={() => toggle(a)} /> {a.path || a.name}
                </label>
              </li>
            ))}
          </ul>
          {fieldError(error, 'area_ids') ? <p className="field-error">{fieldError(error, 'area_ids')}</p> : null}
        </fieldset>
        <TextAreaField label={t('assets.campaigns.notes')} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} error={fieldError(error, 'notes')} />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t('assets.campaigns.create')}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Card>
  );
}
