// Parque informático › Etiquetas (/activos/etiquetas): prints labels (Code 128 + QR to the asset's
// page) for the assets chosen on the list (?ids=…) or for every asset of the list's filters
// (the same query string), on the chosen label stock, skipping used positions of a sheet.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { assetPaths, postForFile, saveFile, type Asset, type AssetSummary } from '../../api/assets';
import type { ListPage } from '../../api/types';
import { Card } from '../../components/Card';
import { ErrorAlert, UserError, fieldError } from '../../components/ErrorAlert';
import { Field, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { describeAsset } from './format';
import { Flash, useLabelFormats } from './parts';
import { apiId, assetApiFilters, assetFilterBody, assetFiltersFromQuery, assetFiltersToQuery, idList, isAssetFiltered } from './query';

export const MAX_LABELS = 5000;
const PREVIEW = 30;

export function LabelsPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const ids = idList(params.get('ids'), MAX_LABELS + 1);
  const bySelection = ids.length > 0;
  const filters = assetFiltersFromQuery(params);
  const filterQuery = assetFiltersToQuery(filters);
  const formats = useLabelFormats();
  const [format, setFormat] = useState('');
  const [skip, setSkip] = useState('0');
  const [flash, setFlash] = useState('');
  const { busy, error, run } = useFormAction();

  const preview = useResource(async (): Promise<{ total: number; items: AssetSummary[] }> => {
    if (bySelection) {
      const items: AssetSummary[] = [];
      for (const id of ids.slice(0, PREVIEW)) {
        try {
          items.push(await api.get<Asset>(assetPaths.asset(id)));
        } catch {
          /* listed by count only */
        }
      }
      return { total: ids.length, items };
    }
    const page = await api.get<ListPage<AssetSummary>>(assetPaths.list, { ...assetApiFilters(filters), page: 1, per_page: PREVIEW });
    return { total: page.total, items: page.items };
  }, [params.get('ids') ?? '', filterQuery]);

  const chosenFormat = formats.data?.find((f) => f.code === (format || formats.data?.[0]?.code));
  const perSheet = chosenFormat ? chosenFormat.columns * chosenFormat.rows : 0;
  const total = preview.data?.total ?? 0;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFlash('');
    await run(async () => {
      if (!chosenFormat) throw new UserError(t('assets.labels.format_required'));
      const skipN = Number(skip || '0');
      if (!Number.isInteger(skipN) || skipN < 0 || (perSheet && skipN >= perSheet)) throw new UserError(t('assets.labels.skip_invalid', { max: Math.max(0, perSheet - 1) }));
      if (!total) throw new UserError(t('assets.labels.none'));
      if (total > MAX_LABELS) throw new UserError(t('assets.labels.too_many', { max: MAX_LABELS }));
      const body = bySelection
        ? { format: chosenFormat.code, skip: skipN, asset_ids: ids.map(apiId) }
        : { format: chosenFormat.code, skip: skipN, filter: assetFilterBody(filters) };
      const { blob, filename } = await postForFile(assetPaths.labels, body);
      saveFile(blob, filename ?? 'etiquetas.pdf');
      setFlash(t('assets.labels.done', { count: total }));
    });
  }

  const back = bySelection ? '/activos' : `/activos${filterQuery ? `?${filterQuery}` : ''}`;

  return (
    <Page title={t('assets.labels.title')}>
      <p>
        <Link to={back}>← {t('assets.back_list')}</Link>
      </p>
      <Flash message={flash} />
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error ?? formats.error} fields={['format', 'skip']} />
        <Card id="as-labels-which" title={t('assets.labels.which')} className="form-card as-wide-card">
          {preview.loading && !preview.data ? <Loading /> : null}
          <ErrorAlert error={preview.error} />
          {preview.data ? (
            <>
              <p data-testid="labels-count">
                {bySelection
                  ? t('assets.labels.by_selection', { count: total })
                  : isAssetFiltered(filters)
                    ? t('assets.labels.by_filter', { count: total })
                    : t('assets.labels.all', { count: total })}
              </p>
              {preview.data.items.length ? (
                <ul className="as-label-preview">
                  {preview.data.items.map((a) => (
                    <li key={String(a.id)}>
                      <strong>{a.inventory_number}</strong> · {describeAsset(a)}
                    </li>
                  ))}
                  {total > preview.data.items.length ? <li className="muted">{t('assets.labels.and_more', { count: total - preview.data.items.length })}</li> : null}
                </ul>
              ) : null}
              {!bySelection ? <p className="muted hd-small">{t('assets.labels.filter_hint')}</p> : null}
            </>
          ) : null}
        </Card>
        <Card id="as-labels-format" title={t('assets.labels.stock')} className="form-card as-wide-card">
          {formats.loading && !formats.data ? <Loading /> : null}
          {formats.data?.length ? (
            <Field label={t('assets.labels.format')} required error={fieldError(error, 'format')}>
              {(control) => (
                <select {...control} value={chosenFormat?.code ?? ''} onChange={(e) => setFormat(e.target.value)}>
                  {formats.data!.map((f) => (
                    <option key={f.code} value={f.code}>
                      {f.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          {chosenFormat ? (
            <p className="muted hd-small">
              {t('assets.labels.format_detail', {
                columns: chosenFormat.columns,
                rows: chosenFormat.rows,
                width: chosenFormat.label_width,
                height: chosenFormat.label_height,
              })}
            </p>
          ) : null}
          <TextField
            label={t('assets.labels.skip')}
            type="number"
            min={0}
            max={perSheet ? perSheet - 1 : undefined}
            inputMode="numeric"
            value={skip}
            hint={t('assets.labels.skip_hint')}
            onChange={(e) => setSkip(e.target.value)}
            error={fieldError(error, 'skip')}
          />
        </Card>
        <button type="submit" className="button as-big-button" disabled={busy || !formats.data?.length}>
          {t(busy ? 'assets.labels.generating' : 'assets.labels.submit')}
        </button>
      </form>
    </Page>
  );
}
