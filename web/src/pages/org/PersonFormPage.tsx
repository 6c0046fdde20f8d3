// Create or edit a servidor público (org.write).
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { fetchAll } from '../../api/lists';
import type { Person, Position } from '../../api/types';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { CheckboxField, SelectField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useResource } from '../../components/useResource';
import { useI18n } from '../../i18n';
import { areaOptions, idOf, useAreas } from './useAreas';

const FIELDS = ['full_name', 'area_id', 'position_id', 'job_title', 'email', 'extension', 'active'];

export function PersonFormPage() {
  const { id } = useParams();
  const person = useResource(
    () => (id ? api.get<Person>(`/people/${encodeURIComponent(id)}`) : Promise.resolve(null)),
    [id],
  );
  if (person.loading) return <Loading />;
  if (person.error) return <ErrorAlert error={person.error} />;
  return <PersonForm key={id ?? 'new'} original={person.data ?? null} />;
}

function PersonForm({ original }: { original: Person | null }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const areas = useAreas();
  const [fullName, setFullName] = useState(original?.full_name ?? '');
  const [areaId, setAreaId] = useState(original?.area_id != null ? String(original.area_id) : '');
  const [positionId, setPositionId] = useState(original?.position_id != null ? String(original.position_id) : '');
  const [jobTitle, setJobTitle] = useState(original?.job_title ?? '');
  const [email, setEmail] = useState(original?.email ?? '');
  const [extension, setExtension] = useState(original?.extension ?? '');
  const [active, setActive] = useState(original?.active ?? true);
  const { busy, error, run } = useFormAction();

  const positions = useResource(
    () => (areaId ? fetchAll<Position>('/positions', { area_id: areaId }) : Promise.resolve([] as Position[])),
    [areaId],
  );

  // A position belongs to an area: moving the person to another area drops a position that is not there.
  useEffect(() => {
    if (positions.data && positionId && !positions.data.some((p) => String(p.id) === positionId)) setPositionId('');
  }, [positions.data, positionId]);

  const title = original ? t('person.edit_title', { name: original.full_name }) : t('people.new');

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(
      async () => {
        const values: Record<string, unknown> = {
          full_name: fullName.trim(),
          area_id: idOf(areas.data, areaId),
          position_id: idOf(positions.data, positionId),
          // job_title is a plain string on the server (cleared = ""); e-mail and extension are nullable.
          job_title: jobTitle.trim(),
          email: email.trim() || null,
          extension: extension.trim() || null,
          active,
        };
        let saved: Person;
        if (!original) {
          const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== ''));
          saved = await api.post<Person>('/people', body);
        } else {
          const before: Record<string, unknown> = {
            full_name: original.full_name,
            area_id: original.area_id,
            position_id: original.position_id,
            job_title: original.job_title ?? '',
            email: original.email || null,
            extension: original.extension || null,
            active: original.active,
          };
          const body = Object.fromEntries(
            Object.entries(values).filter(([k, v]) => String(v ?? '') !== String(before[k] ?? '')),
          );
          saved = Object.keys(body).length
            ? await api.patch<Person>(`/people/${encodeURIComponent(String(original.id))}`, body)
            : original;
        }
        navigate(`/directorio/personas?q=${encodeURIComponent(saved.full_name)}`, {
          state: { flash: t(original ? 'person.updated' : 'person.created', { name: saved.full_name }) },
        });
      },
      { leaves: true },
    );
  }

  async function onDelete() {
    if (!original || !window.confirm(t('person.confirm_delete', { name: original.full_name }))) return;
    await run(
      async () => {
        await api.del(`/people/${encodeURIComponent(String(original.id))}`);
        navigate('/directorio/personas', { state: { flash: t('person.deleted', { name: original.full_name }) } });
      },
      { leaves: true },
    );
  }

  return (
    <Page title={title}>
      <p>
        <Link to="/directorio/personas">← {t('people.back')}</Link>
      </p>
      <form className="card form-card" onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={FIELDS} />
        <ErrorAlert error={areas.error} />
        <TextField
          label={t('person.field.full_name')}
          required
          maxLength={200}
          autoComplete="off"
          value={fullName}
          onChange={(e) => setFullName(e.target.value)}
          error={fieldError(error, 'full_name')}
        />
        <SelectField
          label={t('person.field.area')}
          required
          value={areaId}
          onChange={(e) => setAreaId(e.target.value)}
          options={areaOptions(areas.data, t('person.field.area_choose'))}
          error={fieldError(error, 'area_id')}
        />
        <SelectField
          label={t('person.field.position')}
          value={positionId}
          disabled={!areaId}
          hint={!areaId ? t('person.field.position_hint') : undefined}
          onChange={(e) => setPositionId(e.target.value)}
          options={[
            { value: '', label: t('person.field.position_none') },
            ...(positions.data ?? []).map((p) => ({ value: String(p.id), label: p.title })),
          ]}
          error={fieldError(error, 'position_id')}
        />
        <TextField
          label={t('person.field.job_title')}
          maxLength={200}
          value={jobTitle}
          onChange={(e) => setJobTitle(e.target.value)}
          error={fieldError(error, 'job_title')}
        />
        <TextField
          label={t('person.field.email')}
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError(error, 'email')}
        />
        <TextField
          label={t('person.field.extension')}
          inputMode="numeric"
          maxLength={20}
          value={extension}
          onChange={(e) => setExtension(e.target.value)}
          error={fieldError(error, 'extension')}
        />
        <CheckboxField
          label={t('person.field.active')}
          checked={active}
          onChange={(e) => setActive(e.target.checked)}
          error={fieldError(error, 'active')}
        />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {original ? t('common.save') : t('person.create')}
          </button>
          <Link className="button button--secondary" to="/directorio/personas">
            {t('common.cancel')}
          </Link>
          {original ? (
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void onDelete()}>
              {t('common.delete')}
            </button>
          ) : null}
        </div>
      </form>
    </Page>
  );
}
