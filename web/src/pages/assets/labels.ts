// Spanish (and English) names of the module's codes: the message key for each code.
import type {
  AssetFieldType,
  AssetStatus,
  CampaignStatus,
  Condition,
  DisposalStatus,
  DocumentKind,
  LoanState,
  ScanResult,
  WarrantyFilter,
} from '../../api/assets';
import type { MessageKey } from '../../i18n';

export { labelOf } from '../helpdesk/labels';

export const ASSET_STATUS_LABEL: Record<AssetStatus, MessageKey> = {
  en_almacen: 'assets.status.en_almacen',
  asignado: 'assets.status.asignado',
  en_prestamo: 'assets.status.en_prestamo',
  en_reparacion: 'assets.status.en_reparacion',
  baja_en_tramite: 'assets.status.baja_en_tramite',
  dado_de_baja: 'assets.status.dado_de_baja',
};

export const CONDITION_LABEL: Record<Condition, MessageKey> = {
  bueno: 'assets.condition.bueno',
  regular: 'assets.condition.regular',
  malo: 'assets.condition.malo',
};

export const FIELD_TYPE_LABEL: Record<AssetFieldType, MessageKey> = {
  text: 'assets.ftype.text',
  number: 'assets.ftype.number',
  date: 'assets.ftype.date',
  list: 'assets.ftype.list',
};

export const DOCUMENT_KIND_LABEL: Record<DocumentKind, MessageKey> = {
  asignacion: 'assets.doc.kind.asignacion',
  transferencia: 'assets.doc.kind.transferencia',
  devolucion: 'assets.doc.kind.devolucion',
  no_adeudo: 'assets.doc.kind.no_adeudo',
};

export const LOAN_STATE_LABEL: Record<LoanState, MessageKey> = {
  activo: 'assets.loan.state.activo',
  vencido: 'assets.loan.state.vencido',
  devuelto: 'assets.loan.state.devuelto',
};

export const DISPOSAL_STATUS_LABEL: Record<DisposalStatus, MessageKey> = {
  solicitada: 'assets.disposal.status.solicitada',
  aprobada: 'assets.disposal.status.aprobada',
  rechazada: 'assets.disposal.status.rechazada',
};

export const CAMPAIGN_STATUS_LABEL: Record<CampaignStatus, MessageKey> = {
  abierta: 'assets.campaign.status.abierta',
  cerrada: 'assets.campaign.status.cerrada',
};

export const SCAN_RESULT_LABEL: Record<ScanResult, MessageKey> = {
  encontrado: 'assets.scan.result.encontrado',
  otra_ubicacion: 'assets.scan.result.otra_ubicacion',
  faltante: 'assets.scan.result.faltante',
  desconocido: 'assets.scan.result.desconocido',
};

export const WARRANTY_LABEL: Record<WarrantyFilter, MessageKey> = {
  vigente: 'assets.warranty.vigente',
  por_vencer: 'assets.warranty.por_vencer',
  vencida: 'assets.warranty.vencida',
};

/** Names of the asset fields as the import maps them and the server names them in errors. */
export const ASSET_FIELD_LABEL: Record<string, MessageKey> = {
  inventory_number: 'assets.field.inventory_number',
  type_id: 'assets.field.type',
  type: 'assets.field.type',
  serial: 'assets.field.serial',
  brand: 'assets.field.brand',
  model: 'assets.field.model',
  specs: 'assets.field.specs',
  acquired_on: 'assets.field.acquired_on',
  invoice_number: 'assets.field.invoice_number',
  supplier: 'assets.field.supplier',
  cost: 'assets.field.cost',
  budget_line: 'assets.field.budget_line',
  funding_source: 'assets.field.funding_source',
  warranty_end: 'assets.field.warranty_end',
  building: 'assets.field.building',
  floor: 'assets.field.floor',
  office: 'assets.field.office',
  area_id: 'assets.field.area',
  area: 'assets.field.area',
  condition: 'assets.field.condition',
  parent_id: 'assets.field.parent',
  notes: 'assets.field.notes',
};
