// Spanish (and English) names of the helpdesk's codes: the message key for each code.
import type { AssignmentRule, CategoryKind, FieldType, Frequency, SlaState, TicketStatus } from '../../api/helpdesk';
import type { MessageKey } from '../../i18n';

export const STATUS_LABEL: Record<TicketStatus, MessageKey> = {
  nuevo: 'hd.status.nuevo',
  asignado: 'hd.status.asignado',
  en_proceso: 'hd.status.en_proceso',
  en_espera_solicitante: 'hd.status.en_espera_solicitante',
  en_espera_proveedor: 'hd.status.en_espera_proveedor',
  resuelto: 'hd.status.resuelto',
  cerrado: 'hd.status.cerrado',
  cancelado: 'hd.status.cancelado',
};

export const KIND_LABEL: Record<CategoryKind, MessageKey> = {
  reporte: 'hd.kind.reporte',
  solicitud: 'hd.kind.solicitud',
  ambos: 'hd.kind.ambos',
};

export const CHANNEL_LABEL: Record<string, MessageKey> = {
  portal: 'hd.channel.portal',
  telefono: 'hd.channel.telefono',
  correo: 'hd.channel.correo',
  presencial: 'hd.channel.presencial',
  programado: 'hd.channel.programado',
};

export const PRIORITY_LABEL: Record<number, MessageKey> = {
  1: 'hd.priority.1',
  2: 'hd.priority.2',
  3: 'hd.priority.3',
  4: 'hd.priority.4',
};

/** Impact (alto/medio/bajo). */
export const IMPACT_LABEL: Record<number, MessageKey> = {
  1: 'hd.impact.1',
  2: 'hd.impact.2',
  3: 'hd.impact.3',
};

/** Urgency (alta/media/baja). */
export const URGENCY_LABEL: Record<number, MessageKey> = {
  1: 'hd.urgency.1',
  2: 'hd.urgency.2',
  3: 'hd.urgency.3',
};

export const ASSIGNMENT_LABEL: Record<AssignmentRule, MessageKey> = {
  manual: 'hd.assignment.manual',
  round_robin: 'hd.assignment.round_robin',
  least_open: 'hd.assignment.least_open',
};

export const SLA_STATE_LABEL: Record<SlaState, MessageKey> = {
  ok: 'hd.sla.ok',
  warning: 'hd.sla.warning',
  breached: 'hd.sla.breached',
  paused: 'hd.sla.paused',
  met: 'hd.sla.met',
  missed: 'hd.sla.missed',
  none: 'hd.sla.none',
};

export const FIELD_TYPE_LABEL: Record<FieldType, MessageKey> = {
  text: 'hd.ftype.text',
  textarea: 'hd.ftype.textarea',
  number: 'hd.ftype.number',
  date: 'hd.ftype.date',
  select: 'hd.ftype.select',
  email: 'hd.ftype.email',
  person: 'hd.ftype.person',
  area: 'hd.ftype.area',
  boolean: 'hd.ftype.boolean',
};

export const FREQUENCY_LABEL: Record<Frequency, MessageKey> = {
  daily: 'hd.freq.daily',
  weekly: 'hd.freq.weekly',
  monthly: 'hd.freq.monthly',
};

/** 1 = lunes … 7 = domingo, as the calendar settings count them. */
export const WEEKDAY_LABEL: Record<number, MessageKey> = {
  1: 'hd.weekday.1',
  2: 'hd.weekday.2',
  3: 'hd.weekday.3',
  4: 'hd.weekday.4',
  5: 'hd.weekday.5',
  6: 'hd.weekday.6',
  7: 'hd.weekday.7',
};

export const AGE_BUCKET_LABEL: Record<string, MessageKey> = {
  '<1d': 'hd.age.lt1d',
  '1-3d': 'hd.age.1_3d',
  '3-7d': 'hd.age.3_7d',
  '7-30d': 'hd.age.7_30d',
  '>30d': 'hd.age.gt30d',
};

/** A code's label, or the code itself when the catalog does not know it (a newer server). */
export function labelOf(
  t: (key: MessageKey) => string,
  labels: Record<string | number, MessageKey>,
  code: string | number | null | undefined,
): string {
  if (code === null || code === undefined || code === '') return '—';
  const key = labels[code];
  return key ? t(key) : String(code);
}

/** The priority impact and urgency give (docs: sum 2 → 1 crítica, 3 → 2, 4 → 3, 5–6 → 4 baja). */
export function derivePriority(impact: number, urgency: number): number {
  const sum = impact + urgency;
  if (sum <= 2) return 1;
  if (sum === 3) return 2;
  if (sum === 4) return 3;
  return 4;
}
