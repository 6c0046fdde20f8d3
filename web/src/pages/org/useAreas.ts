import { fetchAll } from '../../api/lists';
import type { Area, Id } from '../../api/types';
import type { Option } from '../../components/forms';
import { useResource } from '../../components/useResource';

export function useAreas() {
  return useResource(() => fetchAll<Area>('/areas'), []);
}

export function byPath(a: Area, b: Area): number {
  return a.path.localeCompare(b.path, 'es-MX');
}

export function areaOptions(areas: Area[] | undefined, empty?: string, exclude?: (a: Area) => boolean): Option[] {
  const options = (areas ?? [])
    .filter((a) => !exclude?.(a))
    .slice()
    .sort(byPath)
    .map((a) => ({ value: String(a.id), label: a.path || a.name }));
  return empty !== undefined ? [{ value: '', label: empty }, ...options] : options;
}

/** The id (with its original JSON type) of the item whose String(id) is the select's value. */
export function idOf<T extends { id: Id }>(items: T[] | undefined, value: string): Id | null {
  if (!value) return null;
  return items?.find((i) => String(i.id) === value)?.id ?? value;
}
