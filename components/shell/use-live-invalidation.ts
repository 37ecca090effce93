'use client';
/**
 * Subscribes once to `/api/stream` and invalidates run and task queries when the
 * server signals a change, so lists and the inbox badge update live.
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';

export function useLiveInvalidation() {
  const qc = useQueryClient();
  const trpc = useTRPC();
  useEffect(() => {
    const es = new EventSource('/api/stream');
    let timer: ReturnType<typeof setTimeout> | null = null;
    const pending = new Set<'runs' | 'tasks'>();
    const schedule = (k: 'runs' | 'tasks') => {
      pending.add(k);
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        if (pending.has('runs')) {
          void qc.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
          void qc.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
        }
        if (pending.has('tasks')) void qc.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
        pending.clear();
      }, 150);
    };
    es.addEventListener('runs', () => schedule('runs'));
    es.addEventListener('tasks', () => schedule('tasks'));
    return () => {
      es.close();
      if (timer) clearTimeout(timer);
    };
  }, [qc, trpc]);
}
