import { describe, expect, it } from 'vitest';
import type { Asset } from '../../api/assets';
import { assetActions, loanOverdue, manualStatusMoves, warrantyExpired } from './rules';

const can = { write: true, custody: true, loan: true, dispose: true };
function asset(status: Asset['status'], custodian_id: Asset['custodian_id'] = null, loan: Asset['loan'] = null) {
  return { status, custodian_id, loan, can };
}

describe('manualStatusMoves', () => {
  it('follows the documented moves', () => {
    expect(manualStatusMoves('en_almacen', false)).toEqual(['en_reparacion']);
    expect(manualStatusMoves('asignado', true)).toEqual(['en_reparacion']);
    expect(manualStatusMoves('en_reparacion', true)).toEqual(['asignado']);
    expect(manualStatusMoves('en_reparacion', false)).toEqual(['en_almacen']);
    expect(manualStatusMoves('en_prestamo', false)).toEqual([]);
    expect(manualStatusMoves('dado_de_baja', false)).toEqual([]);
  });
});

describe('assetActions', () => {
  it('offers assign, lend and disposal on an asset in storage', () => {
    const a = assetActions(asset('en_almacen'));
    expect(a).toMatchObject({ assign: true, lend: true, dispose: true, transfer: false, returnCustody: false, returnLoan: false });
  });

  it('offers transfer and return on an assigned asset, and disposal only after a return', () => {
    const a = assetActions(asset('asignado', 5));
    expect(a).toMatchObject({ assign: false, transfer: true, returnCustody: true, lend: false, dispose: false, disposeNeedsReturn: true });
  });

  it('offers the loan return on a lent asset', () => {
    const loan = { id: 1, asset_id: 1, inventory_number: 'X', person_id: 2, person_name: 'P', area_name: null, lent_at: '', due_on: '2026-01-01', returned_at: null, state: 'activo' as const, notes: '' };
    expect(assetActions(asset('en_prestamo', null, loan)).returnLoan).toBe(true);
    // The server's can.loan is false while the asset is out; write still allows the return.
    expect(assetActions({ status: 'en_prestamo', custodian_id: null, loan, can: { ...can, loan: false, dispose: false } }).returnLoan).toBe(true);
  });

  it('offers nothing without the permissions', () => {
    const a = assetActions({ status: 'en_almacen', custodian_id: null, loan: null, can: { write: false, custody: false, loan: false, dispose: false } });
    expect(a).toEqual({ status: [], assign: false, transfer: false, returnCustody: false, lend: false, returnLoan: false, dispose: false, disposeNeedsReturn: false });
  });
});

describe('dates', () => {
  it('tells an expired warranty', () => {
    expect(warrantyExpired('2026-01-31', '2026-02-01')).toBe(true);
    expect(warrantyExpired('2026-02-01', '2026-02-01')).toBe(false);
    expect(warrantyExpired(null, '2026-02-01')).toBe(false);
  });

  it('tells an overdue loan', () => {
    expect(loanOverdue({ state: 'activo', due_on: '2026-01-01', returned_at: null }, '2026-01-02')).toBe(true);
    expect(loanOverdue({ state: 'activo', due_on: '2026-01-02', returned_at: null }, '2026-01-02')).toBe(false);
    expect(loanOverdue({ state: 'vencido', due_on: '2026-01-05', returned_at: null }, '2026-01-02')).toBe(true);
    expect(loanOverdue({ state: 'devuelto', due_on: '2026-01-01', returned_at: '2026-01-03T00:00:00Z' }, '2026-02-01')).toBe(false);
  });
});
