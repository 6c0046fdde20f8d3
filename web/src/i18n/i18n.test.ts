import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';
import { formatDateTime, mexicoCityDayToUtc, translate } from './index';

describe('catalogs', () => {
  it('have the same keys and the same placeholders in every language', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
    for (const key of Object.keys(es) as (keyof typeof es)[]) {
      const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(vars(en[key]), key).toEqual(vars(es[key]));
      expect(en[key].trim(), key).not.toBe('');
    }
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('es', 'area.created', { name: 'Soporte' })).toBe('Se creó el área «Soporte».');
    expect(translate('es', 'area.created')).toBe('Se creó el área «{name}».');
    expect(translate('en', 'forbidden.message')).toBe('You do not have permission to view this page.');
  });
});

describe('Mexico City time', () => {
  it('shows UTC instants in America/Mexico_City (UTC-6, no DST since 2022)', () => {
    expect(formatDateTime('es', '2026-11-25T17:03:00.000Z')).toMatch(/11:03/);
    expect(formatDateTime('es', null)).toBe('—');
  });

  it('turns a calendar day into the UTC bounds of that day in Mexico City', () => {
    expect(mexicoCityDayToUtc('2026-11-25')).toBe('2026-11-25T06:00:00.000Z');
    expect(mexicoCityDayToUtc('2026-11-25', true)).toBe('2026-11-26T05:59:59.999Z');
    expect(mexicoCityDayToUtc('2026-07-01')).toBe('2026-07-01T06:00:00.000Z');
  });
});
