'use client';
/**
 * The run's steps in activation order: status, node, what it is doing or did
 * (retry countdown, timer, child runs, handled error, compensation), duration,
 * attempts. Dividers mark where the run started compensating and where it was
 * retried from a failure. Click a step for its details.
 */
import { Fragment, type ReactNode } from 'react';
import type { RunView, StepRun } from '@/lib/run-view/types';
import { stepNodeStatus } from '@/lib/run-view/node-status';
import { stepDetail } from '@/lib/run-view/overlay';
import { decisionPhrase, errorWithoutNode } from '@/lib/run-view/format';
import { NodeIcon } from '@/components/nodes';
import { StatusIcon } from '@/components/runs/status';
import { LiveDuration, useNow } from '@/components/runs/time';
import { stepSpan } from '@/lib/run-view/step-span';
import { Person, usePeople } from '@/components/runs/avatar';
import { fallbackMeta, type NodeMeta } from './node-meta';

export function StepsList({ view, meta, selectedStepId, onSelect, assigneeOf }: { view: RunView; meta: Map<string, NodeMeta>; selectedStepId: string | null; onSelect: (stepId: string) => void; assigneeOf: (s: StepRun) => string | undefined }) {
  const nameOf = usePeople();
  const ticking = view.status === 'running' || view.status === 'waiting' || view.status === 'compensating';
  const now = useNow(1000, ticking) || Date.now();
  const labelOf = (nodeId: string) => meta.get(nodeId)?.label ?? nodeId;
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
  // Dividers before the step at that position in `order`.
  const dividers = new Map<number, ReactNode[]>();
  const addDivider = (at: number, node: ReactNode) => dividers.set(at, [...(dividers.get(at) ?? []), node]);
  for (const [i, r] of view.retries.entries())
    addDivider(
      r.afterSteps,
      <Divider key={`retry-${i}`} tone="indigo" testId="steps-divider-retry" icon="retry">
        Retried by <Person id={r.by} className="font-semibold" />
        {r.fromVersion !== null && r.toVersion !== null && r.toVersion !== r.fromVersion ? ` on v${r.toVersion}` : ''}
      </Divider>,
    );
  if (view.compensation)
    addDivider(
      view.compensation.afterSteps,
      <Divider key="compensation" tone="violet" testId="steps-divider-compensation" icon="undo">
        Compensation · latest completed step first
      </Divider>,
    );
  return (
    <ol className="p-2" data-testid="steps-list">
      {view.order.map((id, i) => {
        const s = view.steps[id]!;
        const m = meta.get(s.nodeId) ?? fallbackMeta(s.nodeId);
        const selected = id === selectedStepId;
        const repeated = (counts.get(s.nodeId) ?? 1) > 1;
        const assignee = s.status === 'waiting' && s.taskId ? assigneeOf(s) : undefined;
        const shown = stepNodeStatus(s);
        const detail = stepDetail(s, shown, now, labelOf);
        const line =
          s.status === 'waiting' && s.taskId && !s.timer
            ? `Waiting for ${assignee ? nameOf(assignee) : 'anyone'}`
            : s.join && s.status === 'waiting'
              ? `${s.join.arrived} of ${s.join.expected} branches arrived`
              : s.decision
                ? `${decisionPhrase(s.decision.outcome)} ${nameOf(s.decision.by)}`
                : s.status === 'waiting' && s.taskId && detail.detail
                  ? `Waiting for ${assignee ? nameOf(assignee) : 'anyone'} · ${detail.detail}`
                  : s.handled && s.error
                    ? `Error handled: ${errorWithoutNode(s.error.message)}`
                    : detail.detail
                      ? capitalize(detail.detail.replace(/ ↗$/, ''))
                      : s.error
                        ? errorWithoutNode(s.error.message)
                        : m.typeLabel;
        return (
          <Fragment key={id}>
            {dividers.get(i)}
          <li>
            <button
              type="button"
              data-testid={`step-${s.nodeId}`}
              data-step-id={id}
              data-status={s.status}
              data-view-status={shown}
              onClick={() => onSelect(id)}
              className={`group flex w-full items-center gap-3 rounded-md px-2.5 py-2 text-left transition ${selected ? 'bg-indigo-50 ring-1 ring-inset ring-indigo-200' : 'hover:bg-slate-50'}`}
            >
              <StatusIcon status={detail.status} className="h-4 w-4" />
              <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded" style={{ background: `color-mix(in srgb, ${m.accent} 13%, white)`, color: m.accent }}>
                <NodeIcon name={m.icon} className="h-3.5 w-3.5" />
              </span>
              <span className="min-w-0 flex-1">
                <span className="flex items-baseline gap-1.5">
                  <span className="truncate text-sm font-medium text-slate-800">{m.label}</span>
                  {repeated && <span className="shrink-0 font-mono text-[10px] text-slate-500">#{id.split('#')[1]}</span>}
                </span>
                <span className={`block truncate text-[11px] tabular-nums ${shown === 'retrying' ? 'text-amber-700' : shown === 'compensated' || shown === 'compensating' || s.compensates ? 'text-violet-700' : 'text-slate-500'}`}>
                  {line}
                </span>
              </span>
              <span className="flex shrink-0 flex-col items-end gap-0.5">
                <LiveDuration
                  start={stepSpan(s, now).start}
                  end={stepSpan(s, now).end}
                  className={`text-xs ${s.status === 'running' ? 'text-blue-700' : 'text-slate-500'}`}
                />
                {s.retry ? (
                  <span className="rounded bg-amber-50 px-1 text-[10px] font-medium text-amber-700 ring-1 ring-inset ring-amber-200">
                    attempt {s.retry.nextAttempt}/{s.retry.maxAttempts}
                  </span>
                ) : (
                  s.attempts > 1 && <span className="rounded bg-amber-50 px-1 text-[10px] font-medium text-amber-700 ring-1 ring-inset ring-amber-200">{s.attempts} attempts</span>
                )}
              </span>
            </button>
          </li>
          </Fragment>
        );
      })}
      {dividers.get(view.order.length)}
    </ol>
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function Divider({ tone, icon, testId, children }: { tone: 'indigo' | 'violet'; icon: 'retry' | 'undo'; testId: string; children: ReactNode }) {
  const c = tone === 'violet' ? 'text-violet-700 before:bg-violet-200 after:bg-violet-200' : 'text-indigo-700 before:bg-indigo-200 after:bg-indigo-200';
  return (
    <li
      data-testid={testId}
      className={`my-1.5 flex items-center gap-2 px-2.5 text-[11px] font-medium before:h-px before:flex-1 before:content-[''] after:h-px after:flex-1 after:content-[''] ${c}`}
    >
      <svg viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
        {icon === 'retry' ? (
          <>
            <path d="M13 6.3A5.3 5.3 0 1 0 13.2 9.6" />
            <path d="M13.3 2.6v3.8H9.5" />
          </>
        ) : (
          <>
            <path d="M6 3 3 6l3 3" />
            <path d="M3.5 6H10a3.5 3.5 0 0 1 0 7H7" />
          </>
        )}
      </svg>
      <span className="whitespace-nowrap">{children}</span>
    </li>
  );
}
