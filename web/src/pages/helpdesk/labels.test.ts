import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { PRIORITY_LABEL, STATUS_LABEL, derivePriority, labelOf } from './labels';

describe('derivePriority', () => {
  it('follows the impact × urgency matrix', () => {
    expect(derivePriority(1, 1)).toBe(1);
    expect(derivePriority(1, 2)).toBe(2);
    expect(derivePriority(2, 1)).toBe(2);
    expect(derivePriority(2, 2)).toBe(3);
    expect(derivePriority(1, 3)).toBe(3);
    expect(derivePriority(2, 3)).toBe(4);
    expect(derivePriority(3, 3)).toBe(4);
  });
});

describe('labelOf', () => {
  const t = (key: Parameters<typeof translate>[1]) => translate('es', key);
  it('names known codes and shows unknown ones as they are', () => {
    expect(labelOf(t, STATUS_LABEL, 'en_espera_solicitante')).toBe('En espera del solicitante');
    expect(labelOf(t, PRIORITY_LABEL, 1)).toBe('Crítica');
    expect(labelOf(t, STATUS_LABEL, 'archivado')).toBe('archivado');
    expect(labelOf(t, STATUS_LABEL, null)).toBe('—');
  });
});
