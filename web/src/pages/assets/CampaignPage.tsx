// Parque informático › a levantamiento (/activos/levantamientos/:id), made for a phone: big
// buttons, the camera (BarcodeDetector) where the browser has it and the typed inventory number
// always; the location (building / floor / office) is remembered between scans; live counts; the
// reconciliation (found / elsewhere / missing / unknown) with its PDF and XLSX; closing it.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ApiError, api } from '../../api/client';
import {
  ASSETS_MANAGE,
  ASSETS_READ_ALL,
  ASSETS_WRITE,
  SCAN_RESULTS,
  assetPaths,
  type Asset,
  type Campaign,
  type CampaignReport,
  type Scan,
} from '../../api/assets';
import type { ListPage } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { Card } from '../../components/Card';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, UserError } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n, type MessageKey } from '../../i18n';
import { usePolling } from '../helpdesk/hooks';
import { CAMPAIGN_STATUS_LABEL, SCAN_RESULT_LABEL, labelOf } from './labels';
import { DownloadLink, Flash, When, assetPath, itemsOf } from './parts';
import { formatLocation, loadLocation, parseScanText, saveLocation, type ScanLocation } from './scan';
import { CameraScanner, cameraScanAvailable } from './Scanner';

const REFRESH_MS = 20_000;

export function CampaignPage() {
  const { id = '' } = useParams();
  return <CampaignView key={id} id={id} />;
}

function CampaignView({ id }: { id: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const location = useLocation();
  const campaign = useResource(() => api.get<Campaign>(assetPaths.campaign(id)), [id]);
  const [tick, setTick] = useState(0);
  const [flash, setFlash] = useState((location.state as { flash?: string } | null)?.flash ?? '');
  usePolling(() => {
    campaign.reload();
    setTick((n) => n + 1);
  }, REFRESH_MS);

  if (campaign.loading && !campaign.data) return <Loading />;
  if (!campaign.data)
    return (
      <Page title={t('assets.campaign.title_missing')}>
        {campaign.error instanceof ApiError && campaign.error.status === 404 ? (
          <div className="alert alert--error" role="alert">
            <p>{t('assets.campaign.not_found')}</p>
          </div>
        ) : (
          <ErrorAlert error={campaign.error} />
        )}
        <p>
          <Link to="/activos/levantamientos">← {t('assets.campaigns.back')}</Link>
        </p>
      </Page>
    );

  const c = campaign.data;
  const open = c.status === 'abierta';
  function changed() {
    campaign.reload();
    setTick((n) => n + 1);
  }

  return (
    <Page title={c.name}>
      <p>
        <Link to="/activos/levantamientos">← {t('assets.campaigns.back')}</Link>
      </p>
      <Flash message={flash} />
      <p className="as-badges">
        <span className={`badge as-campaign--${c.status}`}>{labelOf(t, CAMPAIGN_STATUS_LABEL, c.status)}</span>{' '}
        <span className="muted">{c.areas.map((a) => a.name).join(', ')}</span>
      </p>
      <Counts campaign={c} />
      {open && can(ASSETS_WRITE) ? <ScanPanel campaignId={String(c.id)} onScanned={changed} /> : null}
      {!open ? (
        <p className="alert alert--success">
          {t('assets.campaign.closed_on')} <When at={c.closed_at} />
        </p>
      ) : null}
      <RecentScans campaignId={String(c.id)} tick={tick} />
      {can(ASSETS_READ_ALL) ? <Reconciliation campaignId={String(c.id)} tick={tick} /> : null}
      {open && can(ASSETS_MANAGE) ? (
        <CloseCampaign
          campaign={c}
          onClosed={(name) => {
            setFlash(t('assets.campaign.closed', { name }));
            changed();
          }}
        />
      ) : null}
    </Page>
  );
}

const COUNT_LABELS: [keyof Campaign['counts'], MessageKey][] = [
  ['expected', 'assets.campaign.count.expected'],
  ['scanned', 'assets.campaign.count.scanned'],
  ['encontrado', 'assets.scan.result.encontrado'],
  ['otra_ubicacion', 'assets.scan.result.otra_ubicacion'],
  ['faltante', 'assets.scan.result.faltante'],
  ['desconocido', 'assets.scan.result.desconocido'],
];

function Counts({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="as-counts-heading" className="as-counts-section">
      <h2 id="as-counts-heading" className="visually-hidden">
        {t('assets.campaign.counts')}
      </h2>
      <ul className="as-counts" aria-live="polite">
        {COUNT_LABELS.map(([key, label]) => (
          <li key={key} className={`as-count as-count--${key}`} data-testid={`count-${key}`}>
            <span className="as-count-value">{campaign.counts?.[key] ?? 0}</span>
            <span className="as-count-label">{t(label)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface LastScan {
  scan: Scan;
  description: string;
}

function ScanPanel({ campaignId, onScanned }: { campaignId: string; onScanned: () => void }) {
  const { t } = useI18n();
  const [loc, setLoc] = useState<ScanLocation>(() => loadLocation(campaignId));
  const [number, setNumber] = useState('');
  const [note, setNote] = useState('');
  const [camera, setCamera] = useState(false);
  const [last, setLast] = useState<LastScan | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inFlight = useRef(false);
  const { busy, error, run } = useFormAction();
  const cameraOk = cameraScanAvailable();

  function setPart(part: keyof ScanLocation, value: string) {
    const next = { ...loc, [part]: value };
    setLoc(next);
    saveLocation(campaignId, next);
  }

  async function register(text: string) {
    // A camera keeps reading while a scan is being sent: one at a time.
    if (inFlight.current) return;
    inFlight.current = true;
    await run(async () => {
      const target = parseScanText(text);
      if (!target) throw new UserError(t('assets.scan.not_ours'));
      let inventoryNumber: string;
      let description = '';
      if (target.kind === 'id') {
        try {
          const asset = await api.get<Asset>(assetPaths.asset(target.id));
          inventoryNumber = asset.inventory_number;
          description = [asset.type_name, asset.brand, asset.model].filter(Boolean).join(' ');
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) throw new UserError(t('assets.scan.id_unknown'));
          throw err;
        }
      } else inventoryNumber = target.number;
      const scan = await api.post<Scan>(assetPaths.scans(campaignId), {
        inventory_number: inventoryNumber,
        building: loc.building.trim(),
        floor: loc.floor.trim(),
        office: loc.office.trim(),
        note: note.trim(),
      });
      setLast({ scan, description });
      setNumber('');
      setNote('');
      onScanned();
      input.current?.focus();
    });
    inFlight.current = false;
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!number.trim()) {
      input.current?.focus();
      return;
    }
    void register(number);
  }

  return (
    <Card id="as-scan" title={t('assets.scan.title')} className="as-scan-card">
      <fieldset className="fieldset as-location">
        <legend>{t('assets.scan.location')}</legend>
        <div className="as-location-fields">
          <TextField label={t('assets.field.building')} value={loc.building} autoComplete="off" onChange={(e) => setPart('building', e.target.value)} />
          <TextField label={t('assets.field.floor')} value={loc.floor} autoComplete="off" onChange={(e) => setPart('floor', e.target.value)} />
          <TextField label={t('assets.field.office')} value={loc.office} autoComplete="off" onChange={(e) => setPart('office', e.target.value)} />
        </div>
        <p className="muted hd-small">{t('assets.scan.location_hint')}</p>
      </fieldset>
      {cameraOk ? (
        camera ? (
          <CameraScanner onRead={(text) => void register(text)} onClose={() => setCamera(false)} />
        ) : (
          <button type="button" className="button as-big-button" onClick={() => setCamera(true)}>
            {t('assets.scan.camera_start')}
          </button>
        )
      ) : (
        <p className="muted hd-small">{t('assets.scan.camera_unavailable')}</p>
      )}
      <form className="as-scan-form" onSubmit={onSubmit} noValidate>
        <TextField
          ref={input}
          label={t('assets.scan.number')}
          value={number}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="send"
          className="as-big-input"
          onChange={(e) => setNumber(e.target.value)}
        />
        <details className="as-scan-note">
          <summary>{t('assets.scan.note_toggle')}</summary>
          <TextField label={t('assets.scan.note')} value={note} onChange={(e) => setNote(e.target.value)} />
        </details>
        <button type="submit" className="button as-big-button" disabled={busy}>
          {t(busy ? 'assets.scan.registering' : 'assets.scan.submit')}
        </button>
      </form>
      <ErrorAlert error={error} />
      <div role="status" aria-live="polite" className="as-last-scan-wrap">
        {last ? (
          <div className={`as-last-scan as-last-scan--${last.scan.result}`} data-testid="last-scan">
            <span className="as-last-scan-number">{last.scan.inventory_number}</span>
            <span className="as-last-scan-result">{labelOf(t, SCAN_RESULT_LABEL, last.scan.result)}</span>
            {last.description ? <span>{last.description}</span> : null}
            {formatLocation(last.scan) ? <span className="hd-small">{formatLocation(last.scan)}</span> : null}
          </div>
        ) : null}
      </div>
    </Card>
  );
}

function RecentScans({ campaignId, tick }: { campaignId: string; tick: number }) {
  const { t } = useI18n();
  const scans = useResource(
    () => api.get<ListPage<Scan> | Scan[]>(assetPaths.scans(campaignId), { page: 1, per_page: 10 }).then((r) => itemsOf(r)),
    [campaignId, tick],
  );
  if (!scans.data?.length) return <ErrorAlert error={scans.error} />;
  return (
    <Card id="as-recent-scans" title={t('assets.scan.recent')}>
      <ul className="as-recent">
        {scans.data.map((s) => (
          <li key={String(s.id)}>
            <strong>{s.asset_id != null ? <Link to={assetPath(s.asset_id)}>{s.inventory_number}</Link> : s.inventory_number}</strong>{' '}
            <span className={`badge as-result--${s.result}`}>{labelOf(t, SCAN_RESULT_LABEL, s.result)}</span>{' '}
            <span className="muted hd-small">
              {[formatLocation(s), s.scanned_by_name].filter(Boolean).join(' · ')} · <When at={s.scanned_at} />
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Reconciliation({ campaignId, tick }: { campaignId: string; tick: number }) {
  const { t } = useI18n();
  const [result, setResult] = useState('');
  const report = useResource(() => api.get<CampaignReport>(assetPaths.report(campaignId), { format: 'json' }), [campaignId, tick]);
  const rows = (report.data?.rows ?? []).filter((r) => !result || r.result === result);
  return (
    <Card id="as-reconciliation" title={t('assets.reconciliation.title')} className="as-wide-card">
      <div className="button-row">
        <DownloadLink path={assetPaths.report(campaignId)} query={{ format: 'pdf' }}>
          {t('assets.reconciliation.pdf')}
        </DownloadLink>
        <DownloadLink path={assetPaths.report(campaignId)} query={{ format: 'xlsx' }}>
          {t('assets.reconciliation.xlsx')}
        </DownloadLink>
      </div>
      <div className="filters hd-filters-narrow">
        <SelectField
          label={t('assets.reconciliation.result')}
          value={result}
          onChange={(e) => setResult(e.target.value)}
          options={[{ value: '', label: t('assets.reconciliation.all') }, ...SCAN_RESULTS.map((r) => ({ value: r, label: t(SCAN_RESULT_LABEL[r]) }))]}
        />
      </div>
      <ErrorAlert error={report.error} />
      {report.loading && !report.data ? <Loading /> : null}
      {report.data && !rows.length ? <p className="muted">{t('assets.reconciliation.empty')}</p> : null}
      {rows.length ? (
        <DataTable
          caption={t('assets.reconciliation.title')}
          columns={[
            t('assets.col.inventory_number'),
            t('assets.col.type'),
            t('assets.col.area'),
            t('assets.reconciliation.registered'),
            t('assets.reconciliation.found'),
            t('assets.reconciliation.result'),
            t('assets.col.custodian'),
          ]}
        >
          {rows.map((r, i) => (
            <tr key={`${r.inventory_number}-${i}`} className={`as-recon--${r.result}`}>
              <td>{r.asset_id != null ? <Link to={assetPath(r.asset_id)}>{r.inventory_number}</Link> : r.inventory_number}</td>
              <td>{r.type_name ?? '—'}</td>
              <td>{r.area_name ?? '—'}</td>
              <td>{r.registered_location || '—'}</td>
              <td>{r.found_location || '—'}</td>
              <td>
                <span className={`badge as-result--${r.result}`}>{labelOf(t, SCAN_RESULT_LABEL, r.result)}</span>
              </td>
              <td>{r.custodian_name ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </Card>
  );
}

function CloseCampaign({ campaign, onClosed }: { campaign: Campaign; onClosed: (name: string) => void }) {
  const { t } = useI18n();
  const { busy, error, run } = useFormAction();
  async function onClose() {
    if (!window.confirm(t('assets.campaign.close_confirm', { name: campaign.name, missing: campaign.counts?.faltante ?? 0 }))) return;
    await run(async () => {
      await api.post<Campaign>(assetPaths.close(campaign.id));
      onClosed(campaign.name);
    });
  }
  return (
    <Card id="as-close" title={t('assets.campaign.close_title')}>
      <p>{t('assets.campaign.close_intro')}</p>
      <ErrorAlert error={error} />
      <button type="button" className="button button--danger" disabled={busy} onClick={() => void onClose()}>
        {t('assets.campaign.close')}
      </button>
    </Card>
  );
}
