'use client';
/**
 * Records that the acting person opened an open task (once per task shown), so its
 * unread mark and the nav badge go away. Refusals are ignored: the page already shows
 * why the task cannot be read.
 */
import { useEffect } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';

/** `escalated`: the task's escalation happened; when it turns true while shown, the view is recorded again. */
export function useMarkViewed(taskId: string, open: boolean, escalated: boolean) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { mutate } = useMutation(
    trpc.tasks.markViewed.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries({ queryKey: trpc.tasks.unreadCount.queryKey() });
        void qc.invalidateQueries({ queryKey: trpc.tasks.list.queryKey() });
      },
    }),
  );
  // Again when the task turns unread while shown (e.g. it was escalated to me).
  useEffect(() => {
    if (open) mutate({ id: taskId });
  }, [taskId, open, escalated, mutate]);
}
