// Shapes of the helpdesk resources in docs/api-helpdesk.md (mesa de servicio). Field names
// follow the server's JSON exactly; Spanish labels for the codes live in the i18n catalog.
import type { Id } from './types';

export const TICKET_KINDS = ['reporte', 'solicitud'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];
export const CATEGORY_KINDS = ['reporte', 'solicitud', 'ambos'] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

/** Channels a person may choose; `programado` is set by the system for recurring tickets. */
export const CHANNELS = ['portal', 'telefono', 'correo', 'presencial'] as const;
export type Channel = (typeof CHANNELS)[number] | 'programado';

export const STATUSES = [
  'nuevo',
  'asignado',
  'en_proceso',
  'en_espera_solicitante',
  'en_espera_proveedor',
  'resuelto',
  'cerrado',
  'cancelado',
] as const;
export type TicketStatus = (typeof STATUSES)[number];
export const FINAL_STATUSES: readonly TicketStatus[] = ['cerrado', 'cancelado'];

export const PRIORITIES = [1, 2, 3, 4] as const;
export type Priority = (typeof PRIORITIES)[number];
/** Impact and urgency: 1 high … 3 low. */
export const LEVELS = [1, 2, 3] as const;

export const ASSIGNMENT_RULES = ['manual', 'round_robin', 'least_open'] as const;
export type AssignmentRule = (typeof ASSIGNMENT_RULES)[number];

export const SLA_STATES = ['ok', 'warning', 'breached', 'paused', 'met', 'missed', 'none'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export const FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'select', 'email', 'person', 'area', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  options?: string[];
  max_length?: number;
}

export interface Category {
  id: Id;
  code: string;
  name: string;
  description: string;
  queue_id: Id;
  queue_name: string;
  kind: CategoryKind;
  impact: number;
  urgency: number;
  priority: number;
  response_minutes: number | null;
  resolution_minutes: number | null;
  fields: FieldSpec[];
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface Technician {
  user_id: Id;
  display_name: string;
  open_count: number;
}

export interface Queue {
  id: Id;
  area_id: Id;
  area_name: string;
  name: string;
  assignment: AssignmentRule;
  active: boolean;
  technicians: Technician[];
}

export interface WorkingHours {
  from: string;
  to: string;
}

export interface SlaTarget {
  priority: number;
  response_minutes: number;
  resolution_minutes: number;
}

export interface HelpdeskSettings {
  calendar: {
    name: string;
    /** 1 = lunes … 7 = domingo. */
    working_weekdays: number[];
    working_hours: WorkingHours[];
    describe: string;
  };
  sla_targets: SlaTarget[];
  warning_percent: number;
  reopen_days: number;
  autoclose_days: number;
}

export interface DayOff {
  id: Id | null;
  date: string;
  /** Last day of an administrative period (absent for single days and law holidays). */
  to?: string;
  label: string;
  source: string;
  kind: 'ley' | 'admin';
}

export interface TicketSummary {
  id: Id;
  number: string;
  kind: TicketKind;
  title: string;
  status: TicketStatus;
  priority: number;
  channel: Channel;
  queue_id: Id;
  queue_name: string;
  category_id: Id;
  category_name: string;
  area_id: Id;
  area_name: string;
  requester_person_id: Id | null;
  requester_name: string;
  assignee_id: Id | null;
  assignee_name: string | null;
  created_at: string;
  updated_at: string;
  response_due_at: string | null;
  resolution_due_at: string | null;
  sla_state: SlaState;
  /** With `q`: an excerpt whose matches are wrapped in « and » (plain text, never HTML). */
  highlight?: string;
}

export interface Sla {
  target_minutes: number;
  due_at: string | null;
  state: SlaState;
  explanation: string;
  paused_minutes: number;
}

export interface EntryAttachment {
  id: Id;
  filename: string;
  size: number;
  media_type: string;
}

export type EntryKind = 'reply' | 'note' | 'event' | 'attachment';

export interface Entry {
  id: Id;
  kind: EntryKind;
  visibility: 'public' | 'internal';
  author_id: Id | null;
  author_name: string;
  via: 'web' | 'correo' | 'sistema';
  body: string;
  /** What changed (field → {from, to}), plus plain values that go with it (reason, rule, merged_into…). */
  changes: Record<string, unknown> | null;
  attachment: EntryAttachment | null;
  created_at: string;
}

export interface TicketCan {
  work: boolean;
  reply: boolean;
  note: boolean;
  confirm: boolean;
  reopen: boolean;
  cancel: boolean;
  rate: boolean;
}

export interface Ticket extends TicketSummary {
  description: string;
  impact: number;
  urgency: number;
  priority_reason: string | null;
  fields: Record<string, unknown>;
  assets: string[];
  parent_id: Id | null;
  duplicate_of_id: Id | null;
  merged_into_id: Id | null;
  children: { id: Id; number: string; title: string; status: TicketStatus }[];
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  response_sla: Sla;
  resolution_sla: Sla;
  satisfaction: { rating: number; comment: string | null; at: string } | null;
  can: TicketCan;
  allowed_transitions: TicketStatus[];
  timeline: Entry[];
  timeline_total: number;
}

export interface BulkResult {
  updated: Id[];
  failed: { id: Id; code: string; message: string }[];
}

export interface SavedView {
  id: Id;
  name: string;
  query: string;
  created_at: string;
}

export interface HelpdeskStats {
  /** The period actually used (defaults: the last 30 days). */
  from?: string;
  to?: string;
  /** Tickets created in the period. */
  created?: number;
  /** How many tickets each mean was taken over (the newest of the period, at most `limit`). */
  mean_sample?: { response: number; resolution: number; limit: number };
  open_by_queue: { queue_id: Id; queue_name: string; count: number }[];
  open_by_priority: { priority: number; count: number }[];
  open_by_age: { bucket: string; count: number }[];
  sla: {
    response: { met: number; missed: number; percent: number | null };
    resolution: { met: number; missed: number; percent: number | null };
  };
  mean_minutes: { response: number | null; resolution: number | null };
  by_area: { area_id: Id; area_name: string; count: number }[];
  by_category: { category_id: Id; category_name: string; count: number }[];
  workload: { user_id: Id; display_name: string; open: number; resolved: number }[];
  trend: { date: string; created: number; resolved: number }[];
  satisfaction: { count: number; mean: number | null };
}

export const FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface RecurringTicket {
  id: Id;
  title: string;
  description: string;
  category_id: Id;
  category_name: string;
  frequency: Frequency;
  day: number | null;
  time: string;
  next_run_at: string;
  active: boolean;
  last_ticket_id: Id | null;
}
