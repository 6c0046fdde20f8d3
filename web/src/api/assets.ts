// Shapes of the computer-fleet resources in docs/api-assets.md (parque informático). Field names
// follow the server's JSON exactly; Spanish labels for the codes live in the i18n catalog.
import { ApiError, apiUrl, type Query } from './client';
import type { Id, Me, Permission, Problem } from './types';

/** The module's permissions (see the table in docs/api-assets.md). */
export const ASSETS_READ_OWN: Permission = 'assets.read_own';
export const ASSETS_READ_ALL: Permission = 'assets.read_all';
export const ASSETS_WRITE: Permission = 'assets.write';
export const ASSETS_MANAGE: Permission = 'assets.manage';

export const ASSET_STATUSES = ['en_almacen', 'asignado', 'en_prestamo', 'en_reparacion', 'baja_en_tramite', 'dado_de_baja'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export const CONDITIONS = ['bueno', 'regular', 'malo'] as const;
export type Condition = (typeof CONDITIONS)[number];

export const ASSET_FIELD_TYPES = ['text', 'number', 'date', 'list'] as const;
export type AssetFieldType = (typeof ASSET_FIELD_TYPES)[number];
/**
 * How a list field's type is written to the server. docs/api-assets.md says "list"; the server
 * (src/assets/model.h kAssetFieldTypes) accepts "select". Both are read as a list.
 */
export const LIST_WIRE_TYPE = 'select' as AssetFieldType;

export const DOCUMENT_KINDS = ['asignacion', 'transferencia', 'devolucion', 'no_adeudo'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const LOAN_STATES = ['activo', 'vencido', 'devuelto'] as const;
export type LoanState = (typeof LOAN_STATES)[number];

export const DISPOSAL_STATUSES = ['solicitada', 'aprobada', 'rechazada'] as const;
export type DisposalStatus = (typeof DISPOSAL_STATUSES)[number];

export const CAMPAIGN_STATUSES = ['abierta', 'cerrada'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const SCAN_RESULTS = ['encontrado', 'otra_ubicacion', 'faltante', 'desconocido'] as const;
export type ScanResult = (typeof SCAN_RESULTS)[number];

export const WARRANTY_FILTERS = ['vigente', 'por_vencer', 'vencida'] as const;
export type WarrantyFilter = (typeof WARRANTY_FILTERS)[number];

export const ASSET_SORTS = ['inventory_number', '-updated_at', 'type'] as const;

export const EVENT_KINDS = [
  'created',
  'updated',
  'status',
  'custody',
  'transfer',
  'return',
  'loan',
  'loan_return',
  'attachment',
  'disposal',
  'scan',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface AssetFieldSpec {
  key: string;
  label: string;
  /** One of ASSET_FIELD_TYPES; older data may say "select" for a list (see fieldKind). */
  type: AssetFieldType;
  required: boolean;
  options?: string[];
  max_length?: number;
}

export interface AssetType {
  id: Id;
  code: string;
  name: string;
  fields: AssetFieldSpec[];
  active: boolean;
  asset_count: number;
}

export interface AssetSettings {
  inventory_pattern: string;
  label_base_url: string;
  folio_prefix: string;
}

export interface AssetSummary {
  id: Id;
  inventory_number: string;
  type_id: Id;
  type_name: string;
  brand: string;
  model: string;
  serial: string;
  status: AssetStatus;
  condition: Condition | string;
  area_id: Id | null;
  area_name: string | null;
  building: string;
  floor: string;
  office: string;
  custodian_id: Id | null;
  custodian_name: string | null;
  warranty_end: string | null;
  updated_at: string;
}

export interface AssetAttachment {
  id: Id;
  filename: string;
  size: number;
  media_type: string;
  created_at: string;
}

export interface Loan {
  id: Id;
  asset_id: Id;
  inventory_number: string;
  person_id: Id;
  person_name: string;
  area_name: string | null;
  lent_at: string;
  due_on: string;
  returned_at: string | null;
  state: LoanState;
  notes: string;
}

export interface AssetCan {
  write: boolean;
  custody: boolean;
  loan: boolean;
  dispose: boolean;
}

export interface Asset extends AssetSummary {
  specs: string;
  acquired_on: string | null;
  invoice_number: string;
  supplier: string;
  cost: number | null;
  budget_line: string;
  funding_source: string;
  parent_id: Id | null;
  parent: { id: Id; inventory_number: string; type_name: string } | null;
  children: { id: Id; inventory_number: string; type_name: string; status: AssetStatus }[];
  fields: Record<string, unknown>;
  notes: string;
  url: string;
  custody: { id: Id; document_id: Id; folio: string; since: string } | null;
  loan: Loan | null;
  disposal_id: Id | null;
  attachments: AssetAttachment[];
  can: AssetCan;
  created_at: string;
}

/** The editable fields of an asset (POST; PATCH sends only those that changed). */
export interface AssetInput {
  inventory_number?: string;
  type_id?: Id;
  serial?: string;
  brand?: string;
  model?: string;
  specs?: string;
  acquired_on?: string | null;
  invoice_number?: string;
  supplier?: string;
  cost?: number | null;
  budget_line?: string;
  funding_source?: string;
  warranty_end?: string | null;
  building?: string;
  floor?: string;
  office?: string;
  area_id?: Id | null;
  condition?: string;
  parent_id?: Id | null;
  fields?: Record<string, unknown>;
  notes?: string;
}

export interface AssetEvent {
  id: Id;
  kind: EventKind | string;
  summary: string;
  changes: Record<string, { from?: unknown; to?: unknown }> | null;
  author_name: string | null;
  document_id: Id | null;
  created_at: string;
}

export interface DocumentAsset {
  id: Id;
  inventory_number: string;
  description: string;
  brand: string;
  model: string;
  serial: string;
  condition: string;
}

export interface CustodyDocument {
  id: Id;
  folio: string;
  kind: DocumentKind;
  person_id: Id;
  person_name: string;
  position: string;
  area_name: string;
  previous_id: Id | null;
  previous_folio: string | null;
  /** Absent in a person's list of documents. */
  assets?: DocumentAsset[];
  notes: string;
  created_by_name: string;
  created_at: string;
  pdf_url: string;
}

export interface TransferResult {
  closed: CustodyDocument[];
  opened: CustodyDocument;
}

export interface ReturnResult {
  documents: CustodyDocument[];
}

export interface PersonCustody {
  person: { id: Id; full_name: string; area_name: string | null; job_title: string | null };
  assets: AssetSummary[];
  loans: Loan[];
  documents: CustodyDocument[];
}

export interface LabelFormat {
  code: string;
  name: string;
  page: string;
  columns: number;
  rows: number;
  label_width: number;
  label_height: number;
}

export interface CampaignCounts {
  expected: number;
  encontrado: number;
  otra_ubicacion: number;
  faltante: number;
  desconocido: number;
  scanned: number;
}

export interface Campaign {
  id: Id;
  name: string;
  status: CampaignStatus;
  areas: { id: Id; name: string }[];
  notes: string;
  opened_at: string;
  closed_at: string | null;
  counts: CampaignCounts;
}

export interface Scan {
  id: Id;
  inventory_number: string;
  asset_id: Id | null;
  result: ScanResult;
  building: string;
  floor: string;
  office: string;
  note: string;
  scanned_by_name: string;
  scanned_at: string;
}

export interface ReconciliationRow {
  inventory_number: string;
  asset_id: Id | null;
  type_name: string | null;
  area_name: string | null;
  registered_location: string | null;
  found_location: string | null;
  result: ScanResult;
  custodian_name: string | null;
}

export interface CampaignReport {
  campaign: Campaign;
  rows: ReconciliationRow[];
}

export interface Disposal {
  id: Id;
  folio: string;
  status: DisposalStatus;
  reason: string;
  assets: { id: Id; inventory_number: string; type_name: string; brand: string; model: string }[];
  requested_by_name: string;
  requested_at: string;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_notes: string;
  opinion_ref: string | null;
}

export interface ImportRejection {
  row: number;
  inventory_number: string | null;
  field: string | null;
  reason: string;
}

export interface ImportReport {
  dry_run: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: ImportRejection[];
}

/** Paths of the module's resources, ids escaped. */
export const assetPaths = {
  list: '/assets',
  asset: (id: Id) => `/assets/${encodeURIComponent(String(id))}`,
  events: (id: Id) => `/assets/${encodeURIComponent(String(id))}/events`,
  status: (id: Id) => `/assets/${encodeURIComponent(String(id))}/status`,
  attachments: (id: Id) => `/assets/${encodeURIComponent(String(id))}/attachments`,
  attachment: (id: Id) => `/assets/attachments/${encodeURIComponent(String(id))}`,
  lookup: '/assets/lookup',
  export: '/assets/export',
  types: '/assets/types',
  type: (id: Id) => `/assets/types/${encodeURIComponent(String(id))}`,
  settings: '/assets/settings',
  assign: '/assets/custody/assign',
  transfer: '/assets/custody/transfer',
  return: '/assets/custody/return',
  documents: '/assets/custody/documents',
  document: (id: Id) => `/assets/custody/documents/${encodeURIComponent(String(id))}`,
  documentPdf: (id: Id) => `/assets/custody/documents/${encodeURIComponent(String(id))}/pdf`,
  person: (id: Id) => `/assets/custody/people/${encodeURIComponent(String(id))}`,
  noAdeudo: (id: Id) => `/assets/custody/people/${encodeURIComponent(String(id))}/no-adeudo`,
  loans: '/assets/loans',
  loanReturn: (id: Id) => `/assets/loans/${encodeURIComponent(String(id))}/return`,
  labelFormats: '/assets/labels/formats',
  labels: '/assets/labels',
  campaigns: '/assets/campaigns',
  campaign: (id: Id) => `/assets/campaigns/${encodeURIComponent(String(id))}`,
  scans: (id: Id) => `/assets/campaigns/${encodeURIComponent(String(id))}/scans`,
  report: (id: Id) => `/assets/campaigns/${encodeURIComponent(String(id))}/report`,
  close: (id: Id) => `/assets/campaigns/${encodeURIComponent(String(id))}/close`,
  disposals: '/assets/disposals',
  disposal: (id: Id) => `/assets/disposals/${encodeURIComponent(String(id))}`,
  approve: (id: Id) => `/assets/disposals/${encodeURIComponent(String(id))}/approve`,
  reject: (id: Id) => `/assets/disposals/${encodeURIComponent(String(id))}/reject`,
  import: '/assets/import',
} as const;

/** The address of a custody document's stored PDF (a plain link downloads it). */
export function documentPdfUrl(id: Id): string {
  return apiUrl(assetPaths.documentPdf(id));
}

/** The file name in a Content-Disposition header, if any. */
export function dispositionFilename(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header);
  const name = plain?.[2] ?? plain?.[1];
  return name ? name.trim() : null;
}

/**
 * POSTs JSON and receives a file (e.g. the labels PDF). The shared client reads answers as text,
 * which would spoil binary files; this asks the session for a fresh CSRF token and keeps bytes.
 */
export async function postForFile(path: string, body: unknown, query?: Query): Promise<{ blob: Blob; filename: string | null }> {
  let res: Response;
  try {
    const meRes = await fetch(apiUrl('/auth/me'), { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!meRes.ok) throw new ApiError({ status: meRes.status });
    const me = (await meRes.json()) as Me;
    res = await fetch(apiUrl(path, query), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/pdf, application/problem+json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify(body),
    });
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError({ status: 0, code: 'network' });
  }
  if (!res.ok) {
    let problem: Problem = { status: res.status };
    if ((res.headers.get('Content-Type') ?? '').includes('json')) {
      try {
        const parsed = (await res.json()) as Partial<Problem>;
        problem = { ...parsed, status: res.status };
      } catch {
        /* a bare problem */
      }
    }
    throw new ApiError(problem);
  }
  return { blob: await res.blob(), filename: dispositionFilename(res.headers.get('Content-Disposition')) };
}

/** Hands a file to the browser as a download. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
