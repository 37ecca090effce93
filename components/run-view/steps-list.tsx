'use client';
/** The run's steps in activation order: status, node, duration, attempts. Click one for its details. */
import type { RunView, StepRun } from '@/lib/run-view/types';
import { NodeIcon } from '@/components/nodes';
import { StatusIcon } from '@/components/runs/status';
import { LiveDuration } from '@/components/runs/time';
import { usePeople } from '@/components/runs/avatar';
import { fallbackMeta, type NodeMeta } from './node-meta';

export function StepsList({ view, meta, selectedStepId, onSelect, assigneeOf }: { view: RunView; meta: Map<string, NodeMeta>; selectedStepId: string | null; onSelect: (stepId: string) => void; assigneeOf: (s: StepRun) => string | undefined }) {
  const nameOf = usePeople();
  if (view.order.length === 0)
    return (
      <div className="space-y-2 p-4">
        {view.status === 'pending' ? (
          Array.from({ length: 4 }, (_, i) => <div key={i} className="h-10 animate-pulse rounded-md bg-slate-100" />)
        ) : (
          <p className="text-sm text-slate-500">No steps yet.</p>
        )}
      </div>
    );
  const counts = new Map<string, number>();
  for (const id of view.order) {
    const n = view.steps[id]!.nodeId;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return (
    <ol className="p-2" data-testid="steps-list">
      {view.order.map((id) => {
        const s = view.steps[id]!;
        const m = meta.get(s.nodeId) ?? fallbackMeta(s.nodeId);
        const selected = id === selectedStepId;
        const repeated = (counts.get(s.nodeId) ?? 1) > 1;
        const assignee = s.status === 'waiting' && s.taskId ? assigneeOf(s) : undefined;
        return (
          <li key={id}>
            <button
              type="button"
              data-testid={`step-${s.nodeId}`}
              data-step-id={id}
              data-status={s.status}
              onClick={() => onSelect(id)}
              className={`group flex w-full items-center gap-3 rounded-md px-2.5 py-2 text-left transition ${selected ? 'bg-indigo-50 ring-1 ring-inset ring-indigo-200' : 'hover:bg-slate-50'}`}
            >
              <StatusIcon status={s.status} className="h-4 w-4" />
              <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded" style={{ background: `color-mix(in srgb, ${m.accent} 13%, white)`, color: m.accent }}>
                <NodeIcon name={m.icon} className="h-3.5 w-3.5" />
              </span>
              <span className="min-w-0 flex-1">
                <span className="flex items-baseline gap-1.5">
                  <span className="truncate text-sm font-medium text-slate-800">{m.label}</span>
                  {repeated && <span className="shrink-0 font-mono text-[10px] text-slate-400">#{id.split('#')[1]}</span>}
                </span>
                <span className="block truncate text-[11px] text-slate-500">
                  {s.status === 'waiting' && s.taskId
                    ? `Waiting for ${assignee ? nameOf(assignee) : 'anyone'}`
                    : s.join && s.status === 'waiting'
                      ? `${s.join.arrived} of ${s.join.expected} branches arrived`
                      : s.decision
                        ? `${s.decision.outcome} by ${nameOf(s.decision.by)}`
                        : s.error
                          ? s.error.message
                          : m.typeLabel}
                </span>
              </span>
              <span className="flex shrink-0 flex-col items-end gap-0.5">
                <LiveDuration
                  start={s.startedAt ?? s.activatedAt}
                  end={s.endedAt ?? (s.status === 'running' || s.status === 'waiting' ? null : s.activatedAt)}
                  className={`text-xs ${s.status === 'running' ? 'text-blue-700' : 'text-slate-500'}`}
                />
                {s.attempts > 1 && <span className="rounded bg-amber-50 px-1 text-[10px] font-medium text-amber-700 ring-1 ring-inset ring-amber-200">{s.attempts} attempts</span>}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
