import { describe, expect, it } from 'vitest';
import { formatLocation, normalizeInventoryNumber, parseScanText, readLocation } from './scan';

describe('parseScanText', () => {
  it('reads the asset id from the label QR URL', () => {
    expect(parseScanText('https://tequio.oaxaca.example/activos/123')).toEqual({ kind: 'id', id: '123' });
    expect(parseScanText('http://127.0.0.1:8080/activos/7/')).toEqual({ kind: 'id', id: '7' });
    expect(parseScanText('  https://x.example/tequio/activos/42  ')).toEqual({ kind: 'id', id: '42' });
    expect(parseScanText('tequio.oaxaca.example/activos/9')).toEqual({ kind: 'id', id: '9' });
    expect(parseScanText('/activos/15')).toEqual({ kind: 'id', id: '15' });
  });

  it('refuses other URLs', () => {
    expect(parseScanText('https://example.com/menu')).toBeNull();
    expect(parseScanText('https://example.com/activos/12/editar')).toBeNull();
    expect(parseScanText('http://[bad')).toBeNull();
    expect(parseScanText('example.com/otra/cosa')).toBeNull();
  });

  it('takes anything else as an inventory number, normalized', () => {
    expect(parseScanText(' oax-cpu-0001 ')).toEqual({ kind: 'number', number: 'OAX-CPU-0001' });
    expect(parseScanText('OAX - LAP - 12')).toEqual({ kind: 'number', number: 'OAX-LAP-12' });
    expect(parseScanText('   ')).toBeNull();
    expect(normalizeInventoryNumber('oax cpu 1')).toBe('OAXCPU1');
  });
});

describe('scan location', () => {
  it('reads what was stored, tolerating garbage', () => {
    expect(readLocation('{"building":"Palacio","floor":"2","office":7}')).toEqual({ building: 'Palacio', floor: '2', office: '' });
    expect(readLocation('not json')).toEqual({ building: '', floor: '', office: '' });
    expect(readLocation(null)).toEqual({ building: '', floor: '', office: '' });
  });

  it('formats the non-empty parts', () => {
    expect(formatLocation({ building: 'Palacio', floor: '', office: 'Caja 3' })).toBe('Palacio · Caja 3');
    expect(formatLocation(null)).toBe('');
  });
});
