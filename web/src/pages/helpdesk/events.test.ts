import { describe, expect, it } from 'vitest';
import type { Entry } from '../../api/helpdesk';
import { translate } from '../../i18n';
import { eventSentences } from './events';

const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('es', key, vars);

function event(changes: Entry['changes'], over: Partial<Entry> = {}): Entry {
  return {
    id: 1,
    kind: 'event',
    visibility: 'public',
    author_id: 7,
    author_name: 'Rodrigo Toledo Bautista',
    via: 'web',
    body: '',
    changes,
    attachment: null,
    created_at: '2026-11-25T17:03:00.000Z',
    ...over,
  };
}

describe('eventSentences', () => {
  it('names statuses in Spanish', () => {
    expect(eventSentences(event({ status: { from: 'nuevo', to: 'en_proceso' } }), t)).toEqual([
      'Rodrigo Toledo Bautista cambió el estado de Nuevo a En proceso.',
    ]);
  });

  it('tells assigning, reassigning and unassigning apart, preferring names to ids', () => {
    expect(eventSentences(event({ assignee_id: { from: null, to: 7 }, assignee_name: { from: null, to: 'Rodrigo Toledo Bautista' } }), t)).toEqual([
      'Rodrigo Toledo Bautista asignó el ticket a Rodrigo Toledo Bautista.',
    ]);
    expect(eventSentences(event({ assignee: { from: 'Rosa Morales Ortiz', to: 'Juan Girón Chávez' } }), t)).toEqual([
      'Rodrigo Toledo Bautista reasignó el ticket de Rosa Morales Ortiz a Juan Girón Chávez.',
    ]);
    expect(eventSentences(event({ assignee: { from: { id: 3, display_name: 'Rosa Morales Ortiz' }, to: null } }), t)).toEqual([
      'Rodrigo Toledo Bautista quitó la asignación a Rosa Morales Ortiz.',
    ]);
  });

  it('writes one sentence per change, with priorities and queues by name', () => {
    expect(
      eventSentences(
        event({
          queue_name: { from: 'Soporte', to: 'Redes y Telecomunicaciones' },
          priority: { from: 3, to: 1 },
        }),
        t,
      ),
    ).toEqual([
      'Rodrigo Toledo Bautista movió el ticket de la cola Soporte a la cola Redes y Telecomunicaciones.',
      'Rodrigo Toledo Bautista cambió la prioridad de Media a Crítica.',
    ]);
  });

  it('links merges to the ticket number and falls back to a generic sentence', () => {
    expect(eventSentences(event({ merged_into_id: { from: null, to: 42 } }), t)).toEqual([
      'Rodrigo Toledo Bautista fusionó este ticket en MS-42.',
    ]);
    expect(eventSentences(event({ color: { from: '', to: 'rojo' } }), t)).toEqual([
      'Rodrigo Toledo Bautista cambió «color»: (ninguno) → rojo.',
    ]);
  });

  it('adds the reason, the automatic rule and the merge that travel with the changes', () => {
    const changes = {
      queue: { from: 'Soporte', to: 'Redes' },
      assignee: { from: 'Rosa Morales Ortiz', to: null },
      reason: 'Es un problema de la red, no del equipo',
    } as unknown as Entry['changes'];
    expect(eventSentences(event(changes), t)).toEqual([
      'Rodrigo Toledo Bautista movió el ticket de la cola Soporte a la cola Redes.',
      'Rodrigo Toledo Bautista quitó la asignación a Rosa Morales Ortiz.',
      'Motivo: Es un problema de la red, no del equipo.',
    ]);
    const auto = { assignee: { from: null, to: '' }, rule: 'auto' } as unknown as Entry['changes'];
    expect(eventSentences(event(auto, { author_id: null, author_name: '', via: 'sistema' }), t)).toEqual([
      'Asignación automática según la regla de la cola.',
    ]);
    const merge = { status: { from: 'en_proceso', to: 'cerrado' }, merged_into: 'MS-7' } as unknown as Entry['changes'];
    expect(eventSentences(event(merge), t)).toEqual([
      'Rodrigo Toledo Bautista cambió el estado de En proceso a Cerrado.',
      'Rodrigo Toledo Bautista fusionó este ticket en MS-7.',
    ]);
    const rating = { rating: { from: null, to: 5 }, comment: 'Excelente' } as unknown as Entry['changes'];
    expect(eventSentences(event(rating), t)).toEqual([
      'Rodrigo Toledo Bautista calificó la atención con 5 de 5.',
      'Comentario: «Excelente».',
    ]);
  });

  it('uses the body when there are no changes, and "El sistema" without an author', () => {
    expect(eventSentences(event(null, { body: 'Ticket creado desde el portal.' }), t)).toEqual(['Ticket creado desde el portal.']);
    expect(eventSentences(event({ status: { from: 'resuelto', to: 'cerrado' } }, { author_id: null, author_name: '', via: 'sistema' }), t)).toEqual([
      'El sistema cambió el estado de Resuelto a Cerrado.',
    ]);
  });
});
