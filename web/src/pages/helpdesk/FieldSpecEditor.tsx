// The catalog's field-spec editor: a category's extra fields, each with its label, key, type,
// "required" mark and (for selects) options, in an order the administrator arranges.
import { FIELD_TYPES, type FieldSpec, type FieldType } from '../../api/helpdesk';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/forms';
import { useI18n } from '../../i18n';
import { TEXT_TYPES, moveItem, slugKey, type SpecProblem } from './fieldSpecs';
import { FIELD_TYPE_LABEL } from './labels';

/** A field being edited: the spec's parts as typed, plus what the editor needs to track. */
export interface EditorField {
  uid: number;
  label: string;
  key: string;
  /** Once the key is typed (or the field already exists), it no longer follows the label. */
  keyEdited: boolean;
  type: FieldType;
  required: boolean;
  optionsText: string;
  maxLengthText: string;
}

let nextUid = 1;

export function editorFields(specs: FieldSpec[]): EditorField[] {
  return specs.map((s) => ({
    uid: nextUid++,
    label: s.label,
    key: s.key,
    keyEdited: true,
    type: s.type,
    required: s.required,
    optionsText: (s.options ?? []).join('\n'),
    maxLengthText: s.max_length !== undefined ? String(s.max_length) : '',
  }));
}

export function specsOf(fields: EditorField[]): FieldSpec[] {
  return fields.map((f) => {
    const spec: FieldSpec = { key: f.key, label: f.label, type: f.type, required: f.required };
    if (f.type === 'select') spec.options = f.optionsText.split('\n');
    if (TEXT_TYPES.includes(f.type) && f.maxLengthText.trim()) spec.max_length = Number(f.maxLengthText);
    return spec;
  });
}

interface Props {
  fields: EditorField[];
  onChange: (fields: EditorField[]) => void;
  problems: SpecProblem[];
  /** The server's errors for the fields, by "fields[i].part" name. */
  serverError: (name: string) => string | undefined;
}

export function FieldSpecEditor({ fields, onChange, problems, serverError }: Props) {
  const { t } = useI18n();

  function update(i: number, changes: Partial<EditorField>) {
    onChange(fields.map((f, j) => (j === i ? { ...f, ...changes } : f)));
  }

  function problem(i: number, part: SpecProblem['part']): string | undefined {
    const p = problems.find((x) => x.index === i && x.part === part);
    return p ? t(p.message) : serverError(`fields[${i}].${part}`);
  }

  return (
    <fieldset className="fieldset hd-spec-editor">
      <legend>{t('hd.spec.title')}</legend>
      <p className="field-hint">{t('hd.spec.intro')}</p>
      {fields.length === 0 ? <p className="muted">{t('hd.spec.empty')}</p> : null}
      <ol className="hd-spec-list">
        {fields.map((f, i) => {
          const name = f.label.trim() || t('hd.spec.unnamed', { n: i + 1 });
          return (
            <li key={f.uid} className="hd-spec-item">
              <fieldset className="fieldset">
                <legend>{t('hd.spec.field_n', { n: i + 1, name })}</legend>
                <div className="hd-spec-grid">
                  <TextField
                    label={t('hd.spec.label')}
                    required
                    value={f.label}
                    maxLength={120}
                    onChange={(e) => update(i, { label: e.target.value, ...(f.keyEdited ? {} : { key: slugKey(e.target.value) }) })}
                    error={problem(i, 'label')}
                  />
                  <TextField
                    label={t('hd.spec.key')}
                    required
                    value={f.key}
                    maxLength={40}
                    hint={t('hd.spec.key_hint')}
                    onChange={(e) => update(i, { key: e.target.value, keyEdited: true })}
                    error={problem(i, 'key')}
                  />
                  <SelectField
                    label={t('hd.spec.type')}
                    value={f.type}
                    onChange={(e) => update(i, { type: e.target.value as FieldType })}
                    options={FIELD_TYPES.map((ft) => ({ value: ft, label: t(FIELD_TYPE_LABEL[ft]) }))}
                  />
                </div>
                <CheckboxField label={t('hd.spec.required')} checked={f.required} onChange={(e) => update(i, { required: e.target.checked })} />
                {f.type === 'select' ? (
                  <TextAreaField
                    label={t('hd.spec.options')}
                    required
                    rows={3}
                    hint={t('hd.spec.options_hint')}
                    value={f.optionsText}
                    onChange={(e) => update(i, { optionsText: e.target.value })}
                    error={problem(i, 'options')}
                  />
                ) : null}
                {TEXT_TYPES.includes(f.type) ? (
                  <TextField
                    label={t('hd.spec.max_length')}
                    type="number"
                    min={1}
                    inputMode="numeric"
                    hint={t('hd.spec.max_length_hint')}
                    value={f.maxLengthText}
                    onChange={(e) => update(i, { maxLengthText: e.target.value })}
                    error={problem(i, 'max_length')}
                  />
                ) : null}
                <div className="button-row">
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={i === 0}
                    aria-label={t('hd.spec.up_named', { name })}
                    onClick={() => onChange(moveItem(fields, i, i - 1))}
                  >
                    {t('hd.spec.up')}
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={i === fields.length - 1}
                    aria-label={t('hd.spec.down_named', { name })}
                    onClick={() => onChange(moveItem(fields, i, i + 1))}
                  >
                    {t('hd.spec.down')}
                  </button>
                  <button
                    type="button"
                    className="button button--danger"
                    aria-label={t('hd.spec.remove_named', { name })}
                    onClick={() => onChange(fields.filter((_, j) => j !== i))}
                  >
                    {t('hd.spec.remove')}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button button--secondary"
        onClick={() =>
          onChange([
            ...fields,
            { uid: nextUid++, label: '', key: '', keyEdited: false, type: 'text', required: false, optionsText: '', maxLengthText: '' },
          ])
        }
      >
        {t('hd.spec.add')}
      </button>
    </fieldset>
  );
}
