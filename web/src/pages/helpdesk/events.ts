// Timeline events as sentences people read: "Rodrigo Toledo cambió el estado de Nuevo a En proceso."
// The server sends what changed (`changes`: field → {from, to}); the words come from the catalog.
import type { Entry } from '../../api/helpdesk';
import type { MessageKey, Vars } from '../../i18n';
import { CHANNEL_LABEL, IMPACT_LABEL, KIND_LABEL, PRIORITY_LABEL, STATUS_LABEL, URGENCY_LABEL } from './labels';

export type Translate = (key: MessageKey, vars?: Vars) => string;

type Change = { from?: unknown; to?: unknown };

/** Fields the server may send as an id, a name or both (`queue_id`, `queue_name`): one sentence each. */
const REFERENCES = ['assignee', 'queue', 'category', 'requester', 'area'] as const;

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** A value as words: names of objects ({name}/{display_name}), lists joined, nothing as "(ninguno)". */
export function plainValue(value: unknown, t: Translate): string {
  if (isEmpty(value)) return t('hd.event.none');
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (Array.isArray(value)) return value.map((v) => plainValue(v, t)).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k of ['name', 'display_name', 'label', 'number', 'title']) {
      if (typeof o[k] === 'string' || typeof o[k] === 'number') return String(o[k]);
    }
    return JSON.stringify(value);
  }
  return String(value);
}

function labelled(labels: Record<string | number, MessageKey>, value: unknown, t: Translate): string {
  if (isEmpty(value)) return t('hd.event.none');
  const key = labels[String(value)];
  return key ? t(key) : plainValue(value, t);
}

function ticketRef(value: unknown, t: Translate): string {
  if (isEmpty(value)) return t('hd.event.none');
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) return `MS-${value}`;
  return plainValue(value, t);
}

/** Collapses `x_id`/`x_name` pairs into one change named `x`, preferring the names. */
function normalize(changes: Record<string, unknown>): [string, Change][] {
  const out = new Map<string, Change>();
  for (const [field, change] of Object.entries(changes)) {
    if (!change || typeof change !== 'object' || Array.isArray(change)) continue;
    const c = change as Change;
    // Nothing on either side (e.g. an automatic assignment that found nobody): nothing to say.
    if (isEmpty(c.from) && isEmpty(c.to) && !('changed' in c)) continue;
    const base = REFERENCES.find((r) => field === r || field === `${r}_id` || field === `${r}_name`);
    if (!base) {
      out.set(field, c);
      continue;
    }
    const known = out.get(base);
    if (!known || field.endsWith('_name')) out.set(base, c);
  }
  return [...out.entries()];
}

/** Plain values that travel with the changes: the reason of an escalation, the assignment rule, a merge… */
function extras(changes: Record<string, unknown>, who: string, t: Translate): string[] {
  const out: string[] = [];
  for (const [field, value] of Object.entries(changes)) {
    if (value !== null && typeof value === 'object') continue;
    if (isEmpty(value)) continue;
    switch (field) {
      case 'reason':
        out.push(t('hd.event.reason', { reason: plainValue(value, t) }));
        break;
      case 'rule':
        if (value === 'auto') out.push(t('hd.event.rule_auto'));
        break;
      case 'merged_into':
        out.push(t('hd.event.merged', { who, to: ticketRef(value, t) }));
        break;
      case 'comment':
        out.push(t('hd.event.comment', { comment: plainValue(value, t) }));
        break;
      default:
        out.push(t('hd.event.note', { field, value: plainValue(value, t) }));
    }
  }
  return out;
}

function sentence(field: string, change: Change, who: string, t: Translate): string {
  const from = change.from;
  const to = change.to;
  switch (field) {
    case 'status':
      return t('hd.event.status', { who, from: labelled(STATUS_LABEL, from, t), to: labelled(STATUS_LABEL, to, t) });
    case 'assignee':
      if (isEmpty(to)) return t('hd.event.unassigned', { who, from: plainValue(from, t) });
      if (isEmpty(from)) return t('hd.event.assigned', { who, to: plainValue(to, t) });
      return t('hd.event.reassigned', { who, from: plainValue(from, t), to: plainValue(to, t) });
    case 'queue':
      return t('hd.event.queue', { who, from: plainValue(from, t), to: plainValue(to, t) });
    case 'category':
      return t('hd.event.category', { who, from: plainValue(from, t), to: plainValue(to, t) });
    case 'priority':
      return t('hd.event.priority', { who, from: labelled(PRIORITY_LABEL, from, t), to: labelled(PRIORITY_LABEL, to, t) });
    case 'impact':
      return t('hd.event.impact', { who, from: labelled(IMPACT_LABEL, from, t), to: labelled(IMPACT_LABEL, to, t) });
    case 'urgency':
      return t('hd.event.urgency', { who, from: labelled(URGENCY_LABEL, from, t), to: labelled(URGENCY_LABEL, to, t) });
    case 'kind':
      return t('hd.event.kind', { who, from: labelled(KIND_LABEL, from, t), to: labelled(KIND_LABEL, to, t) });
    case 'channel':
      return t('hd.event.channel', { who, from: labelled(CHANNEL_LABEL, from, t), to: labelled(CHANNEL_LABEL, to, t) });
    case 'title':
      return t('hd.event.title', { who, from: plainValue(from, t), to: plainValue(to, t) });
    case 'description':
      return t('hd.event.description', { who });
    case 'fields':
      return t('hd.event.fields', { who });
    case 'assets':
      return t('hd.event.assets', { who, to: plainValue(to, t) });
    case 'priority_reason':
      return t('hd.event.priority_reason', { who, to: plainValue(to, t) });
    case 'parent_id':
      return isEmpty(to) ? t('hd.event.parent_removed', { who }) : t('hd.event.parent', { who, to: ticketRef(to, t) });
    case 'duplicate_of_id':
      return isEmpty(to) ? t('hd.event.duplicate_removed', { who }) : t('hd.event.duplicate', { who, to: ticketRef(to, t) });
    case 'merged_into_id':
      return t('hd.event.merged', { who, to: ticketRef(to, t) });
    case 'rating':
      return t('hd.event.rating', { who, to: plainValue(to, t) });
    default:
      return t('hd.event.generic', { who, field, from: plainValue(from, t), to: plainValue(to, t) });
  }
}

/** Who did it: the author, or "El sistema" for automatic events. */
export function eventAuthor(entry: Pick<Entry, 'author_id' | 'author_name' | 'via'>, t: Translate): string {
  if (entry.author_name) return entry.author_name;
  return t('hd.event.system');
}

/**
 * One sentence per change of an event entry, in the order the server listed them. An event
 * without changes (e.g. "ticket creado") is its body; with neither, a generic sentence.
 */
export function eventSentences(entry: Pick<Entry, 'author_id' | 'author_name' | 'via' | 'changes' | 'body'>, t: Translate): string[] {
  const who = eventAuthor(entry, t);
  const raw = (entry.changes ?? {}) as Record<string, unknown>;
  const sentences = [...normalize(raw).map(([field, change]) => sentence(field, change, who, t)), ...extras(raw, who, t)];
  if (!sentences.length) return [entry.body?.trim() ? entry.body.trim() : t('hd.event.updated', { who })];
  return sentences;
}
