import { describe, expect, it } from 'vitest';
import { parseTicketNumber, transitionSpec } from './TicketActions';

describe('transitionSpec', () => {
  it('asks for the solution when resolving and for the reason when reopening', () => {
    expect(transitionSpec('en_proceso', 'resuelto', true)).toMatchObject({ button: 'hd.tr.resolve', comment: 'required', commentLabel: 'hd.tr.solution' });
    expect(transitionSpec('resuelto', 'en_proceso', false)).toMatchObject({ button: 'hd.tr.reopen', comment: 'required' });
    expect(transitionSpec('en_espera_solicitante', 'en_proceso', true)).toMatchObject({ button: 'hd.tr.resume', comment: 'none' });
    expect(transitionSpec('asignado', 'en_proceso', true)).toMatchObject({ button: 'hd.tr.start', comment: 'none' });
  });

  it('calls closing "Confirmar solución" for the requester, and makes the requester say why they cancel', () => {
    expect(transitionSpec('resuelto', 'cerrado', false)).toMatchObject({ button: 'hd.tr.confirm', comment: 'none' });
    expect(transitionSpec('resuelto', 'cerrado', true)).toMatchObject({ button: 'hd.tr.close' });
    expect(transitionSpec('nuevo', 'cancelado', false)).toMatchObject({ button: 'hd.tr.cancel_request', comment: 'required' });
    expect(transitionSpec('nuevo', 'cancelado', true)).toMatchObject({ button: 'hd.tr.cancel', comment: 'optional' });
  });
});

describe('parseTicketNumber', () => {
  it('reads MS-12, ms 12 and 12, and nothing else', () => {
    expect(parseTicketNumber('MS-12')).toBe(12);
    expect(parseTicketNumber(' ms 12 ')).toBe(12);
    expect(parseTicketNumber('12')).toBe(12);
    expect(parseTicketNumber('MS-')).toBeNull();
    expect(parseTicketNumber('12a')).toBeNull();
  });
});
