import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { formatMinutes, formatSize, joinMinutes, splitMinutes } from './format';

const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('es', key, vars);

describe('durations', () => {
  it('shows working minutes as hours and minutes', () => {
    expect(formatMinutes(150, t)).toBe('2 h 30 min');
    expect(formatMinutes(240, t)).toBe('4 h');
    expect(formatMinutes(45, t)).toBe('45 min');
    expect(formatMinutes(0, t)).toBe('0 min');
    expect(formatMinutes(null, t)).toBe('—');
  });

  it('splits and joins the SLA form inputs', () => {
    expect(splitMinutes(90)).toEqual({ hours: '1', minutes: '30' });
    expect(splitMinutes(null)).toEqual({ hours: '', minutes: '' });
    expect(joinMinutes('1', '30')).toBe(90);
    expect(joinMinutes('', '45')).toBe(45);
    expect(joinMinutes('', '')).toBeNull();
    expect(joinMinutes('1.5', '')).toBeNaN();
    expect(joinMinutes('-1', '0')).toBeNaN();
  });
});

describe('formatSize', () => {
  it('uses B, KB and MB', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(2048)).toBe('2 KB');
    expect(formatSize(3.5 * 1024 * 1024)).toBe('3.5 MB');
  });
});

describe('calendar days in Mexico City', () => {
  it('reads the day in Mexico City, not UTC', async () => {
    const { mexicoCityDay, addDays } = await import('./format');
    // 03:00 UTC on the 26th is still the evening of the 25th in Mexico City (UTC-6).
    expect(mexicoCityDay(new Date('2026-11-26T03:00:00Z'))).toBe('2026-11-25');
    expect(mexicoCityDay(new Date('2026-11-26T07:00:00Z'))).toBe('2026-11-26');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
