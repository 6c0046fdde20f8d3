// Catálogo y SLA › Horario y SLA: the business calendar (working weekdays and hours), the SLA
// targets per priority in hours + minutes, the warning threshold, and the reopen/autoclose windows.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { PRIORITIES, type HelpdeskSettings, type WorkingHours } from '../../api/helpdesk';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { CheckboxField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { joinMinutes, splitMinutes } from './format';
import { PRIORITY_LABEL, WEEKDAY_LABEL, labelOf } from './labels';

export function SettingsAdmin() {
  const settings = useResource(() => api.get<HelpdeskSettings>('/helpdesk/settings'), []);
  if (settings.loading && !settings.data) return <Loading />;
  if (!settings.data) return <ErrorAlert error={settings.error} />;
  return <SettingsForm key={JSON.stringify(settings.data)} original={settings.data} onSaved={settings.reload} />;
}

type Hm = { hours: string; minutes: string };
interface TargetDraft {
  priority: number;
  response: Hm;
  resolution: Hm;
}

function SettingsForm({ original, onSaved }: { original: HelpdeskSettings; onSaved: () => void }) {
  const { t } = useI18n();
  const [weekdays, setWeekdays] = useState<number[]>(original.calendar.working_weekdays ?? []);
  const [hours, setHours] = useState<WorkingHours[]>(original.calendar.working_hours ?? []);
  const [targets, setTargets] = useState<TargetDraft[]>(() =>
    PRIORITIES.map((p) => {
      const target = original.sla_targets.find((x) => x.priority === p);
      return { priority: p, response: splitMinutes(target?.response_minutes), resolution: splitMinutes(target?.resolution_minutes) };
    }),
  );
  const [warning, setWarning] = useState(String(original.warning_percent));
  const [reopen, setReopen] = useState(String(original.reopen_days));
  const [autoclose, setAutoclose] = useState(String(original.autoclose_days));
  const [done, setDone] = useState('');
  const [localError, setLocalError] = useState('');
  const { busy, error, run } = useFormAction();

  function setTarget(i: number, which: 'response' | 'resolution', value: Hm) {
    setTargets(targets.map((x, j) => (j === i ? { ...x, [which]: value } : x)));
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setDone('');
    const sla = targets.map((x) => ({
      priority: x.priority,
      response_minutes: joinMinutes(x.response.hours, x.response.minutes),
      resolution_minutes: joinMinutes(x.resolution.hours, x.resolution.minutes),
    }));
    if (sla.some((x) => x.response_minutes === null || x.resolution_minutes === null || Number.isNaN(x.response_minutes) || Number.isNaN(x.resolution_minutes))) {
      setLocalError(t('hd.settings.targets_invalid'));
      return;
    }
    setLocalError('');
    await run(async () => {
      const values: Record<string, unknown> = {
        calendar: { name: original.calendar.name, working_weekdays: [...weekdays].sort((a, b) => a - b), working_hours: hours },
        sla_targets: sla,
        warning_percent: Number(warning),
        reopen_days: Number(reopen),
        autoclose_days: Number(autoclose),
      };
      const before: Record<string, unknown> = {
        calendar: { name: original.calendar.name, working_weekdays: original.calendar.working_weekdays, working_hours: original.calendar.working_hours },
        sla_targets: PRIORITIES.map((p) => {
          const x = original.sla_targets.find((s) => s.priority === p);
          return { priority: p, response_minutes: x?.response_minutes ?? null, resolution_minutes: x?.resolution_minutes ?? null };
        }),
        warning_percent: original.warning_percent,
        reopen_days: original.reopen_days,
        autoclose_days: original.autoclose_days,
      };
      const body = Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
      if (Object.keys(body).length) await api.patch<HelpdeskSettings>('/helpdesk/settings', body);
      setDone(t('hd.settings.saved'));
      onSaved();
    });
  }

  return (
    <section aria-labelledby="hd-settings-heading">
      <h2 id="hd-settings-heading">{t('hd.settings.title')}</h2>
      <p className="page-intro">{t('hd.settings.current', { describe: original.calendar.describe })}</p>
      <div role="status" className={done ? 'alert alert--success' : 'visually-hidden'}>
        {done}
      </div>
      <form className="card form-card hd-wide-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={['warning_percent', 'reopen_days', 'autoclose_days']} />
        {localError ? (
          <div className="alert alert--error" role="alert">
            <p>{localError}</p>
          </div>
        ) : null}
        <fieldset className="fieldset hd-weekdays">
          <legend>{t('hd.settings.weekdays')}</legend>
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <CheckboxField
              key={d}
              label={labelOf(t, WEEKDAY_LABEL, d)}
              checked={weekdays.includes(d)}
              onChange={(e) => setWeekdays(e.target.checked ? [...weekdays, d] : weekdays.filter((x) => x !== d))}
            />
          ))}
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('hd.settings.hours')}</legend>
          <p className="field-hint">{t('hd.settings.hours_hint')}</p>
          {hours.map((h, i) => (
            <div key={i} className="hd-inline-row">
              <TextField
                label={t('hd.settings.hours_from', { n: i + 1 })}
                type="time"
                value={h.from}
                onChange={(e) => setHours(hours.map((x, j) => (j === i ? { ...x, from: e.target.value } : x)))}
                error={fieldError(error, `calendar.working_hours[${i}].from`)}
              />
              <TextField
                label={t('hd.settings.hours_to', { n: i + 1 })}
                type="time"
                value={h.to}
                onChange={(e) => setHours(hours.map((x, j) => (j === i ? { ...x, to: e.target.value } : x)))}
                error={fieldError(error, `calendar.working_hours[${i}].to`)}
              />
              <div className="hd-row-button">
                <button type="button" className="button button--secondary" aria-label={t('hd.settings.hours_remove', { n: i + 1 })} onClick={() => setHours(hours.filter((_, j) => j !== i))}>
                  {t('hd.spec.remove')}
                </button>
              </div>
            </div>
          ))}
          <button type="button" className="button button--secondary" onClick={() => setHours([...hours, { from: '08:00', to: '16:00' }])}>
            {t('hd.settings.hours_add')}
          </button>
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t('hd.settings.targets')}</legend>
          <p className="field-hint">{t('hd.settings.targets_hint')}</p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('hd.settings.targets')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('hd.field.priority')}</th>
                  <th scope="col">{t('hd.cat.response')}</th>
                  <th scope="col">{t('hd.cat.resolution')}</th>
                </tr>
              </thead>
              <tbody>
                {targets.map((x, i) => {
                  const p = labelOf(t, PRIORITY_LABEL, x.priority);
                  return (
                    <tr key={x.priority}>
                      <th scope="row">{p}</th>
                      {(['response', 'resolution'] as const).map((which) => (
                        <td key={which}>
                          <div className="hd-hm-inputs">
                            <input
                              type="number"
                              min={0}
                              inputMode="numeric"
                              aria-label={t(which === 'response' ? 'hd.settings.response_hours' : 'hd.settings.resolution_hours', { priority: p })}
                              value={x[which].hours}
                              onChange={(e) => setTarget(i, which, { ...x[which], hours: e.target.value })}
                            />{' '}
                            {t('hd.hm.h')}{' '}
                            <input
                              type="number"
                              min={0}
                              max={59}
                              inputMode="numeric"
                              aria-label={t(which === 'response' ? 'hd.settings.response_minutes' : 'hd.settings.resolution_minutes', { priority: p })}
                              value={x[which].minutes}
                              onChange={(e) => setTarget(i, which, { ...x[which], minutes: e.target.value })}
                            />{' '}
                            {t('hd.hm.min')}
                          </div>
                          {fieldError(error, `sla_targets[${i}].${which}_minutes`) ? (
                            <p className="field-error">{fieldError(error, `sla_targets[${i}].${which}_minutes`)}</p>
                          ) : null}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </fieldset>
        <div className="hd-inline-row">
          <TextField
            label={t('hd.settings.warning')}
            type="number"
            min={1}
            max={99}
            hint={t('hd.settings.warning_hint')}
            value={warning}
            onChange={(e) => setWarning(e.target.value)}
            error={fieldError(error, 'warning_percent')}
          />
          <TextField
            label={t('hd.settings.reopen')}
            type="number"
            min={0}
            hint={t('hd.settings.reopen_hint')}
            value={reopen}
            onChange={(e) => setReopen(e.target.value)}
            error={fieldError(error, 'reopen_days')}
          />
          <TextField
            label={t('hd.settings.autoclose')}
            type="number"
            min={0}
            hint={t('hd.settings.autoclose_hint')}
            value={autoclose}
            onChange={(e) => setAutoclose(e.target.value)}
            error={fieldError(error, 'autoclose_days')}
          />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('common.save')}
        </button>
      </form>
    </section>
  );
}
