'use client';
/**
 * The task page's compact timeline of the run so far: each step with its node label,
 * status, who decided earlier user tasks, escalations, and when it ended.
 */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { StatusIcon } from '@/components/runs/status';
import { Person } from '@/components/runs/avatar';
import { RelativeTime } from '@/components/runs/time';

export function TaskHistory({ taskId }: { taskId: string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.tasks.history.queryOptions({ id: taskId }));
  if (history.isError) return <p className="text-sm text-slate-500">The run&apos;s history is not available.</p>;
  if (!history.data) return <div className="h-16 animate-pulse rounded-lg bg-slate-100" />;
  return (
    <ol data-testid="task-history" className="relative space-y-0.5 rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm">
      {history.data.map((s) => (
        <li
          key={s.stepId}
          data-testid="history-step"
          data-step-id={s.stepId}
          data-status={s.status}
          className={`flex items-center gap-2.5 rounded-md px-1.5 py-1 text-sm ${s.current ? 'bg-indigo-50 font-medium text-indigo-900' : 'text-slate-700'}`}
        >
          <StatusIcon status={s.status} className="h-4 w-4 shrink-0" />
          <span className="min-w-0 flex-1 truncate">
            {s.label}
            {s.current && <span className="ml-2 text-xs font-normal text-indigo-700">this task</span>}
            {s.decision && (
              <span className="ml-2 text-xs text-slate-500">
                {s.decision.outcomeLabel} by <Person id={s.decision.by} className="font-medium text-slate-700" />
              </span>
            )}
            {s.escalated && (
              <span className="ml-2 text-xs text-orange-700">
                overdue{s.escalated.group && s.escalated.mode !== 'interrupting' ? ` → ${s.escalated.group}` : ''}
              </span>
            )}
            {s.attempts > 1 && <span className="ml-2 text-xs text-slate-500">{s.attempts} attempts</span>}
          </span>
          <RelativeTime at={s.endedAt ?? s.startedAt} className="shrink-0 text-xs text-slate-600" />
        </li>
      ))}
    </ol>
  );
}
