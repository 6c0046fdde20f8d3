// Data and timers shared by the helpdesk pages.
import { useEffect, useRef } from 'react';
import { api } from '../../api/client';
import type { Category, Queue, Technician } from '../../api/helpdesk';
import { fetchAll } from '../../api/lists';
import type { Items } from '../../api/types';
import { useResource } from '../../components/useResource';

/**
 * Calls `tick` every `ms` milliseconds while the page is visible, and once when it becomes
 * visible again (a tab brought back shows fresh data at once).
 */
export function usePolling(tick: () => void, ms: number, enabled = true): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!enabled) return;
    const visible = () => document.visibilityState === 'visible';
    const timer = window.setInterval(() => {
      if (visible()) latest.current();
    }, ms);
    const onVisibility = () => {
      if (visible()) latest.current();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [ms, enabled]);
}

export function useQueues(enabled = true) {
  return useResource(
    () => (enabled ? api.get<Items<Queue>>('/helpdesk/queues').then((r) => r.items) : Promise.resolve([] as Queue[])),
    [enabled],
  );
}

/** The catalog's categories (active ones only unless `all`). */
export function useCategories(all = false) {
  return useResource(() => fetchAll<Category>('/helpdesk/categories', all ? {} : { active: 'true' }), [all]);
}

/** Every technician of the given queues, once each, by name. */
export function allTechnicians(queues: Queue[] | undefined): Technician[] {
  const byId = new Map<string, Technician>();
  for (const q of queues ?? []) for (const tech of q.technicians ?? []) byId.set(String(tech.user_id), tech);
  return [...byId.values()].sort((a, b) => a.display_name.localeCompare(b.display_name, 'es-MX'));
}
