// Directorio › Áreas: the municipal areas as a tree; administrators (org.write) create and edit them.
import { useMemo, useRef, useState, type FormEvent, type RefObject } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { AREA_KINDS, type Area, type AreaKind, type Id } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert';
import { CheckboxField, SelectField, TextField } from '../../components/forms';
import { Loading } from '../../components/guards';
import { Page } from '../../components/Page';
import { useFormAction } from '../../components/useFormAction';
import { useI18n, type MessageKey } from '../../i18n';
import { areaOptions, byPath, idOf, useAreas } from './useAreas';

export const KIND_LABEL: Record<AreaKind, MessageKey> = {
  dependencia: 'area.kind.dependencia',
  direccion: 'area.kind.direccion',
  coordinacion: 'area.kind.coordinacion',
  departamento: 'area.kind.departamento',
  unidad: 'area.kind.unidad',
};

interface TreeNode {
  area: Area;
  children: TreeNode[];
}

function buildTree(areas: Area[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const a of [...areas].sort(byPath)) nodes.set(String(a.id), { area: a, children: [] });
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.area.parent_id != null ? nodes.get(String(node.area.parent_id)) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function ancestors(areas: Area[], id: Id): string[] {
  const byId = new Map(areas.map((a) => [String(a.id), a]));
  const out: string[] = [];
  let current = byId.get(String(id));
  for (let guard = 0; current && current.parent_id != null && guard < 100; guard++) {
    out.push(String(current.parent_id));
    current = byId.get(String(current.parent_id));
  }
  return out;
}

type Editing = { mode: 'create'; parentId: string } | { mode: 'edit'; area: Area } | null;

export function AreasPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const areas = useAreas();
  const [expanded, setExpanded] = useState<Set<string> | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [flash, setFlash] = useState('');
  const formHeading = useRef<HTMLHeadingElement>(null);
  const canWrite = can('org.write');

  const tree = useMemo(() => buildTree(areas.data ?? []), [areas.data]);
  // Until the user toggles anything, the first level is open.
  const open = expanded ?? new Set(tree.map((n) => String(n.area.id)));

  function toggle(id: string) {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  }

  function startEditing(value: Editing) {
    setFlash('');
    setEditing(value);
    requestAnimationFrame(() => formHeading.current?.focus());
  }

  function onSaved(area: Area, created: boolean) {
    setEditing(null);
    setFlash(t(created ? 'area.created' : 'area.updated', { name: area.name }));
    const all = [...(areas.data ?? []).filter((a) => String(a.id) !== String(area.id)), area];
    setExpanded(new Set([...open, ...ancestors(all, area.id)]));
    areas.reload();
  }

  function onDeleted(area: Area) {
    setEditing(null);
    setFlash(t('area.deleted', { name: area.name }));
    areas.reload();
  }

  function renderNode(node: TreeNode) {
    const id = String(node.area.id);
    const isOpen = open.has(id);
    const hasChildren = node.children.length > 0;
    return (
      <li key={id} className="tree-item">
        <div className="tree-row">
          {hasChildren ? (
            <button
              type="button"
              className="tree-toggle"
              aria-expanded={isOpen}
              aria-label={t(isOpen ? 'area.collapse' : 'area.expand', { name: node.area.name })}
              onClick={() => toggle(id)}
            >
              <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
            </button>
          ) : (
            <span className="tree-spacer" aria-hidden="true" />
          )}
          <div className="tree-main">
            <span className="tree-name">{node.area.name}</span>
            {node.area.code ? <span className="muted"> ({node.area.code})</span> : null}
            <span className="badge badge--kind">{t(KIND_LABEL[node.area.kind] ?? 'area.kind.unidad')}</span>
            {!node.area.active ? <span className="badge badge--inactive">{t('common.inactive')}</span> : null}
            <span className="tree-actions">
              <Link to={`/directorio/personas?area_id=${encodeURIComponent(id)}`} aria-label={t('area.people_of', { name: node.area.name })}>
                {t('area.people')}
              </Link>
              {canWrite ? (
                <>
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t('area.add_child_of', { name: node.area.name })}
                    onClick={() => startEditing({ mode: 'create', parentId: id })}
                  >
                    {t('area.add_child')}
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t('area.edit_named', { name: node.area.name })}
                    onClick={() => startEditing({ mode: 'edit', area: node.area })}
                  >
                    {t('common.edit')}
                  </button>
                </>
              ) : null}
            </span>
          </div>
        </div>
        {hasChildren && isOpen ? <ul className="tree-children">{node.children.map(renderNode)}</ul> : null}
      </li>
    );
  }

  return (
    <Page
      title={t('area.title')}
      actions={
        canWrite ? (
          <button type="button" className="button" onClick={() => startEditing({ mode: 'create', parentId: '' })}>
            {t('area.new')}
          </button>
        ) : null
      }
    >
      <p className="page-intro">{t('area.intro')}</p>
      <div role="status" className={flash ? 'alert alert--success' : 'visually-hidden'}>
        {flash}
      </div>
      {editing ? (
        <AreaForm
          key={editing.mode === 'edit' ? `edit-${String(editing.area.id)}` : `new-${editing.parentId}`}
          editing={editing}
          areas={areas.data ?? []}
          headingRef={formHeading}
          onCancel={() => setEditing(null)}
          onSaved={onSaved}
          onDeleted={onDeleted}
        />
      ) : null}
      <ErrorAlert error={areas.error} />
      {areas.loading && !areas.data ? <Loading /> : null}
      {areas.data && areas.data.length === 0 ? <p className="empty">{t('area.empty')}</p> : null}
      {tree.length ? (
        <section aria-labelledby="area-tree-heading">
          <div className="section-header">
            <h2 id="area-tree-heading">{t('area.tree')}</h2>
            <div className="button-row">
              <button
                type="button"
                className="button button--secondary"
                onClick={() => setExpanded(new Set((areas.data ?? []).map((a) => String(a.id))))}
              >
                {t('area.expand_all')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setExpanded(new Set())}>
                {t('area.collapse_all')}
              </button>
            </div>
          </div>
          <ul className="tree" data-testid="area-tree">
            {tree.map(renderNode)}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}

interface FormProps {
  editing: NonNullable<Editing>;
  areas: Area[];
  headingRef: RefObject<HTMLHeadingElement | null>;
  onCancel: () => void;
  onSaved: (area: Area, created: boolean) => void;
  onDeleted: (area: Area) => void;
}

const FORM_FIELDS = ['name', 'code', 'kind', 'parent_id', 'active'];

function AreaForm({ editing, areas, headingRef, onCancel, onSaved, onDeleted }: FormProps) {
  const { t } = useI18n();
  const original = editing.mode === 'edit' ? editing.area : null;
  const [name, setName] = useState(original?.name ?? '');
  const [code, setCode] = useState(original?.code ?? '');
  const [kind, setKind] = useState<AreaKind>(original?.kind ?? 'departamento');
  const [parentId, setParentId] = useState(
    original ? (original.parent_id != null ? String(original.parent_id) : '') : editing.mode === 'create' ? editing.parentId : '',
  );
  const [active, setActive] = useState(original?.active ?? true);
  const { busy, error, run } = useFormAction();

  // An area cannot hang from itself or from one of its descendants.
  const excluded = useMemo(() => {
    if (!original) return new Set<string>();
    const out = new Set<string>([String(original.id)]);
    for (const a of areas) if (ancestors(areas, a.id).includes(String(original.id))) out.add(String(a.id));
    return out;
  }, [areas, original]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      if (!original) {
        const body: Record<string, unknown> = { name: name.trim(), kind };
        if (code.trim()) body.code = code.trim();
        if (parentId) body.parent_id = idOf(areas, parentId);
        onSaved(await api.post<Area>('/areas', body), true);
      } else {
        const body: Record<string, unknown> = {};
        if (name.trim() !== original.name) body.name = name.trim();
        if (code.trim() !== (original.code ?? '')) body.code = code.trim() || null;
        if (kind !== original.kind) body.kind = kind;
        const originalParent = original.parent_id != null ? String(original.parent_id) : '';
        if (parentId !== originalParent) body.parent_id = parentId ? idOf(areas, parentId) : null;
        if (active !== original.active) body.active = active;
        const saved = Object.keys(body).length ? await api.patch<Area>(`/areas/${encodeURIComponent(String(original.id))}`, body) : original;
        onSaved(saved, false);
      }
    });
  }

  async function onDelete() {
    if (!original || !window.confirm(t('area.confirm_delete', { name: original.name }))) return;
    await run(
      async () => {
        await api.del(`/areas/${encodeURIComponent(String(original.id))}`);
        onDeleted(original);
      },
      { leaves: true },
    );
  }

  return (
    <section className="card form-card" aria-labelledby="area-form-heading">
      <h2 id="area-form-heading" ref={headingRef} tabIndex={-1}>
        {original ? t('area.edit_title', { name: original.name }) : t('area.new')}
      </h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <ErrorAlert error={error} fields={FORM_FIELDS} />
        <TextField
          label={t('area.field.name')}
          required
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          error={fieldError(error, 'name')}
        />
        <TextField
          label={t('area.field.code')}
          value={code}
          maxLength={50}
          hint={t('area.field.code_hint')}
          onChange={(e) => setCode(e.target.value)}
          error={fieldError(error, 'code')}
        />
        <SelectField
          label={t('area.field.kind')}
          required
          value={kind}
          onChange={(e) => setKind(e.target.value as AreaKind)}
          options={AREA_KINDS.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))}
          error={fieldError(error, 'kind')}
        />
        <SelectField
          label={t('area.field.parent')}
          value={parentId}
          onChange={(e) => setParentId(e.target.value)}
          options={areaOptions(areas, t('area.field.parent_none'), (a) => excluded.has(String(a.id)))}
          error={fieldError(error, 'parent_id')}
        />
        {original ? (
          <CheckboxField
            label={t('area.field.active')}
            checked={active}
            onChange={(e) => setActive(e.target.checked)}
            error={fieldError(error, 'active')}
          />
        ) : null}
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {original ? t('common.save') : t('area.create')}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          {original ? (
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void onDelete()}>
              {t('common.delete')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
