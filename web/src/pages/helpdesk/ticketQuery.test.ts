import { describe, expect, it } from 'vitest';
import { apiFilters, emptyFilters, filtersFromQuery, filtersToQuery, isFiltered, myWorkQuery, statusList } from './ticketQuery';

describe('ticket filters ⇄ query string', () => {
  it('reads the known parameters and ignores the rest', () => {
    const f = filtersFromQuery('?status=open&queue_id=3&q=impresora&page=2&foo=bar');
    expect(f).toEqual({ ...emptyFilters(), status: 'open', queue_id: '3', q: 'impresora' });
  });

  it('drops the default or an unknown sort and cleans status lists', () => {
    expect(filtersFromQuery('sort=-updated_at').sort).toBe('');
    expect(filtersFromQuery('sort=; DROP TABLE').sort).toBe('');
    expect(filtersFromQuery('sort=-priority').sort).toBe('-priority');
    expect(filtersFromQuery('status=nuevo,, asignado,nuevo').status).toBe('nuevo,asignado');
  });

  it('writes a stable query string without empty values, and the page only past the first', () => {
    expect(filtersToQuery({ q: 'red wifi', status: 'open', sort: '-updated_at', kind: '' })).toBe('status=open&q=red+wifi');
    expect(filtersToQuery({ assignee_id: 'none' }, 3)).toBe('assignee_id=none&page=3');
    expect(filtersToQuery({}, 1)).toBe('');
  });

  it('round-trips', () => {
    const query = 'scope=all&status=en_proceso%2Casignado&queue_id=2&assignee_id=me&priority=1&category_id=5&area_id=9&kind=reporte&sla=breached&q=%C2%ABx%C2%BB&sort=priority';
    const f = filtersFromQuery(query);
    expect(f.status).toBe('en_proceso,asignado');
    expect(filtersFromQuery(filtersToQuery(f))).toEqual(f);
  });

  it('sends "me" as the user id and leaves it out when nobody is signed in', () => {
    const f = filtersFromQuery(myWorkQuery());
    expect(myWorkQuery()).toBe('status=open&assignee_id=me');
    expect(apiFilters(f, 17)).toEqual({ status: 'open', assignee_id: '17' });
    expect(apiFilters(f, null)).toEqual({ status: 'open' });
    expect(apiFilters(filtersFromQuery('assignee_id=none'), 17)).toEqual({ assignee_id: 'none' });
  });

  it('knows when the list is filtered', () => {
    expect(isFiltered(filtersFromQuery('sort=priority'))).toBe(false);
    expect(isFiltered(filtersFromQuery('kind=solicitud'))).toBe(true);
  });

  it('splits status lists', () => {
    expect(statusList('')).toEqual([]);
    expect(statusList('open')).toEqual(['open']);
  });
});
