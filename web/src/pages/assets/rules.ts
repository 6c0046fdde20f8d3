// What can be done to an asset in its state (docs/api-assets.md, "Status moves"), and small
// date rules for warranties and loans. The server decides; these only choose what to offer.
import type { Asset, AssetStatus, Loan } from '../../api/assets';

/** Manual moves (POST /{id}/status): en_almacen ↔ en_reparacion, asignado → en_reparacion → asignado. */
export function manualStatusMoves(status: AssetStatus, hasCustodian: boolean): AssetStatus[] {
  switch (status) {
    case 'en_almacen':
    case 'asignado':
      return ['en_reparacion'];
    case 'en_reparacion':
      return [hasCustodian ? 'asignado' : 'en_almacen'];
    default:
      return [];
  }
}

export interface AssetActionSet {
  status: AssetStatus[];
  assign: boolean;
  transfer: boolean;
  returnCustody: boolean;
  lend: boolean;
  returnLoan: boolean;
  dispose: boolean;
  /** Disposal asked while in custody: return first (409 disposal.in_custody). */
  disposeNeedsReturn: boolean;
}

/** The actions to offer on an asset's page, from its state and its `can` flags. */
export function assetActions(asset: Pick<Asset, 'status' | 'custodian_id' | 'loan' | 'can'>): AssetActionSet {
  const hasCustodian = asset.custodian_id !== null && asset.custodian_id !== undefined;
  const { status, can } = asset;
  const activeLoan = asset.loan !== null && asset.loan !== undefined && !asset.loan.returned_at;
  return {
    status: can.write ? manualStatusMoves(status, hasCustodian) : [],
    assign: can.custody && status === 'en_almacen',
    transfer: can.custody && status === 'asignado' && hasCustodian,
    returnCustody: can.custody && hasCustodian && (status === 'asignado' || status === 'en_reparacion'),
    lend: can.loan && status === 'en_almacen',
    // `can.loan` says whether it may be lent now (false while on loan): the return needs write.
    returnLoan: (can.loan || can.write) && status === 'en_prestamo' && activeLoan,
    dispose: can.dispose && (status === 'en_almacen' || status === 'en_reparacion') && !hasCustodian,
    disposeNeedsReturn: can.dispose && hasCustodian && (status === 'asignado' || status === 'en_reparacion'),
  };
}

/** Whether a calendar day (YYYY-MM-DD) is before another (string order is day order). */
export function dayBefore(a: string, b: string): boolean {
  return a.slice(0, 10) < b.slice(0, 10);
}

/** Whether a warranty ended before `today` (no end → not expired). */
export function warrantyExpired(end: string | null | undefined, today: string): boolean {
  return Boolean(end) && dayBefore(end!, today);
}

/** Whether a loan is overdue: the server says so, or it is still out past its due day. */
export function loanOverdue(loan: Pick<Loan, 'state' | 'due_on' | 'returned_at'>, today: string): boolean {
  if (loan.returned_at || loan.state === 'devuelto') return false;
  return loan.state === 'vencido' || dayBefore(loan.due_on, today);
}

/** The last day a loan may be due on: 365 days from today. */
export const MAX_LOAN_DAYS = 365;
