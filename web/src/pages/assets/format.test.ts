import { describe, expect, it } from 'vitest';
import { describeAsset, formatDay, formatMoney, parseCost } from './format';

describe('asset formats', () => {
  it('shows calendar days without shifting them by the time zone', () => {
    expect(formatDay('2026-01-01', 'es')).toMatch(/1.*ene.*2026/);
    expect(formatDay('2026-12-31', 'en')).toMatch(/Dec 31, 2026/);
    expect(formatDay(null, 'es')).toBe('—');
  });

  it('shows money in pesos', () => {
    expect(formatMoney(1234.5, 'es')).toMatch(/\$1,234\.50/);
    expect(formatMoney(null, 'es')).toBe('—');
  });

  it('reads costs as typed', () => {
    expect(parseCost('$1,234.50')).toBe(1234.5);
    expect(parseCost('15999,9')).toBe(15999.9);
    expect(parseCost(' 100 ')).toBe(100);
    expect(parseCost('')).toBeNull();
    expect(parseCost('mil')).toBeNaN();
    expect(parseCost('-5')).toBeNaN();
  });

  it('describes an asset', () => {
    expect(describeAsset({ type_name: 'Laptop', brand: 'Dell', model: 'Latitude 3420' })).toBe('Laptop · Dell Latitude 3420');
    expect(describeAsset({ type_name: 'Monitor', brand: '', model: null })).toBe('Monitor');
  });
});
