'use client';
/** The inbox's left column: open or completed tasks, oldest open first. */
import { runHref } from '@/lib/run-view/links';
import Link from 'next/link';
import type { TaskView } from './types';
import { Avatar, usePeople } from '@/components/runs/avatar';
import { RelativeTime } from '@/components/runs/time';
import { outcomeTone } from '@/lib/run-view/format';
import { decided } from './types';
import { ApprovalsProgress } from './task-actions';
import { EscalationChip } from './escalation';
import { formatDate } from '@/lib/util/time';

const PRIORITY_CHIP: Record<string, string> = { urgent: 'bg-red-100 text-red-700', high: 'bg-amber-100 text-amber-800' };

function OutcomeChip({ id, label }: { id: string; label: string }) {
  const tone = outcomeTone(id);
  const cls = tone === 'positive' ? 'bg-emerald-50 text-emerald-700 ring-emerald-200' : tone === 'negative' ? 'bg-red-50 text-red-700 ring-red-200' : 'bg-slate-100 text-slate-700 ring-slate-200';
  return <span className={`rounded-full px-1.5 py-px font-semibold ring-1 ring-inset ${cls}`}>{decided(label)}</span>;
}

export function TaskList({ tasks, selectedId, onSelect, me, completed }: { tasks: TaskView[]; selectedId: string | null; onSelect: (id: string) => void; me: string | undefined; completed: boolean }) {
  const nameOf = usePeople();
  return (
    <ul className="divide-y divide-slate-100" aria-label={completed ? 'Completed tasks' : 'Open tasks'}>
      {tasks.map((t) => {
        const selected = t.id === selectedId;
        const mine = Boolean(me && t.assignee === me);
        return (
          <li key={t.id}>
            <div
              aria-current={selected ? 'true' : undefined}
              tabIndex={0}
              data-testid="task-item"
              data-task-id={t.id}
              onClick={() => onSelect(t.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onSelect(t.id);
                }
              }}
              className={`relative block cursor-pointer px-4 py-3 outline-none transition focus-visible:bg-indigo-50/60 ${selected ? 'bg-indigo-50/70' : 'hover:bg-slate-50'}`}
            >
              {selected && <span className="absolute inset-y-0 left-0 w-0.5 bg-indigo-500" aria-hidden />}
              <div className="flex items-start gap-3">
                <Avatar id={t.assignee} name={nameOf(t.assignee)} />
                <div className="min-w-0 flex-1">
                  <div className="flex items-baseline justify-between gap-2">
                    <p className={`line-clamp-2 text-sm ${selected || t.unread ? 'font-semibold text-slate-900' : 'font-medium text-slate-800'}`}>
                      {t.unread && !completed && <span data-testid="task-unread" title="Not opened yet" className="mr-1.5 inline-block h-2 w-2 rounded-full bg-indigo-500 align-middle" />}
                      {t.title}
                    </p>
                    <RelativeTime at={completed ? (t.completedAt ?? t.createdAt) : t.createdAt} className="shrink-0 text-xs text-slate-600" />
                  </div>
                  <div className="mt-1 flex min-w-0 items-center gap-1.5 text-xs text-slate-600">
                    <span className="truncate">{t.workflowName}</span>
                    <span className="text-slate-300">·</span>
                    <Link href={runHref(t.runId)} onClick={(e) => e.stopPropagation()} className="shrink-0 font-mono text-[11px] text-slate-600 hover:text-indigo-700 hover:underline">
                      {t.runId.slice(0, 12)}
                    </Link>
                    {mine && !completed && <span className="ml-auto shrink-0 rounded-full bg-indigo-100 px-1.5 py-px text-[10px] font-semibold text-indigo-700">You</span>}
                  </div>
                  {!completed && (PRIORITY_CHIP[t.priority] || t.dueAt !== null || t.claimedBy || t.requiredApprovals > 1 || t.escalation.escalatedAt !== null) && (
                    <div className="mt-1.5 flex flex-wrap items-center gap-1.5 text-[11px]">
                      {PRIORITY_CHIP[t.priority] && <span className={`rounded-full px-1.5 py-px font-semibold capitalize ${PRIORITY_CHIP[t.priority]}`}>{t.priority}</span>}
                      {t.dueAt !== null && (
                        <span data-testid={t.dueAt < Date.now() ? 'task-overdue' : 'task-due-chip'} className={`rounded-full px-1.5 py-px font-medium ${t.dueAt < Date.now() ? 'bg-red-600 text-white' : 'bg-slate-100 text-slate-600'}`}>
                          {t.dueAt < Date.now() ? 'Overdue' : 'Due'} {formatDate(t.dueAt)}
                        </span>
                      )}
                      <EscalationChip task={t} />
                      {t.claimedBy && <span className="text-slate-500">claimed by {nameOf(t.claimedBy)}</span>}
                      <ApprovalsProgress task={t} />
                    </div>
                  )}
                  {completed && t.outcome && (
                    <div className="mt-1.5 flex items-center gap-1.5 text-[11px] text-slate-600">
                      <OutcomeChip id={t.outcome} label={t.outcomes.find((o) => o.id === t.outcome)?.label ?? t.outcome} />
                      <span className="truncate">by {nameOf(t.completedBy)}</span>
                    </div>
                  )}
                </div>
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
