'use client';
/**
 * One step: status, timing, a person's decision or the task it waits on, a pending
 * retry, a timer, child runs (with links and for-each progress), a handled error,
 * compensation, and every attempt (`runs.attempts`) with its input, output, error,
 * logs and timing.
 */
import { ChevronLeft } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import type { StepRun } from '@/lib/run-view/types';
import { absoluteTime, errorWithoutNode, formatDuration } from '@/lib/run-view/format';
import { stepNodeStatus } from '@/lib/run-view/node-status';
import { clockTime, formatCountdown } from '@/lib/run-view/overlay';
import { runHref } from '@/lib/run-view/links';
import { NodeIcon } from '@/components/nodes';
import { StatusPill } from '@/components/runs/status';
import { LiveDuration, RelativeTime, useNow } from '@/components/runs/time';
import { stepSpan } from '@/lib/run-view/step-span';
import { Person, usePeople } from '@/components/runs/avatar';
import { ErrorBox } from './error-box';
import { JsonView } from './json-view';
import { AgentTrace } from './agent-trace';
import type { NodeMeta } from './node-meta';
import { formatTime } from '@/lib/util/time';

export function StepDetails({
  runId,
  step,
  meta,
  assignee,
  onBack,
  onSelectStep,
  labelOf = (id) => id,
}: {
  runId: string;
  step: StepRun;
  meta: NodeMeta;
  assignee: string | undefined;
  onBack: () => void;
  onSelectStep?: (stepId: string) => void;
  labelOf?: (nodeId: string) => string;
}) {
  const trpc = useTRPC();
  const nameOf = usePeople();
  const live = step.status === 'running' || step.status === 'waiting';
  const now = useNow(1000, live) || Date.now();
  const attempts = useQuery(trpc.runs.attempts.queryOptions({ runId, stepId: step.stepId }));
  const { refetch } = attempts;
  const span = stepSpan(step, now);
  // Attempts are written by the runner: refetch whenever the log says the step moved on.
  useEffect(() => {
    void refetch();
  }, [step.status, step.attempts, refetch]);

  return (
    <div data-testid="step-details" data-step-id={step.stepId} className="flex min-h-0 flex-col">
      <div className="border-b border-slate-200 px-4 pb-4 pt-3">
        <button type="button" onClick={onBack} className="mb-3 inline-flex items-center gap-1 text-xs font-medium text-slate-500 hover:text-slate-800">
          <ChevronLeft aria-hidden className="h-3.5 w-3.5" />
          All steps
        </button>
        <div className="flex items-start gap-3">
          <span className="flex h-9 w-9 shrink-0 items-center justify-center rounded-md" style={{ background: `color-mix(in srgb, ${meta.accent} 13%, white)`, color: meta.accent }}>
            <NodeIcon name={meta.icon} className="h-5 w-5" />
          </span>
          <div className="min-w-0 flex-1">
            <h3 className="truncate text-base font-semibold text-slate-900">{meta.label}</h3>
            <p className="truncate text-xs text-slate-500">
              {meta.typeLabel} · <span className="font-mono">{step.stepId}</span>
            </p>
          </div>
          <StatusPill status={stepNodeStatus(step)} testId="step-status" />
        </div>
        <dl className="mt-4 grid grid-cols-3 gap-3 text-xs">
          <Fact label="Duration">
            <span data-testid="step-duration" title={span.attempts > 1 ? `From the start of attempt 1 to the end of attempt ${span.attempts}` : undefined}>
              <LiveDuration start={span.start} end={span.end} />
            </span>
          </Fact>
          <Fact label="Started">
            <span title={absoluteTime(span.start)}>{formatTime(span.start)}</span>
          </Fact>
          <Fact label="Attempts">
            <span data-testid="step-attempts">{Math.max(span.attempts, attempts.data?.length ?? 0)}</span>
          </Fact>
        </dl>
      </div>

      <div className="space-y-4 overflow-y-auto p-4">
        {step.status === 'waiting' && step.taskId && (
          <div data-testid="step-waiting" className="baton-pulse rounded-lg border border-pink-200 bg-pink-50 px-4 py-3">
            <p className="text-sm font-medium text-pink-800">Waiting for {assignee ? nameOf(assignee) : 'anyone'}</p>
            <p className="mt-0.5 text-xs text-pink-700/80">The run is parked until someone decides in the inbox.</p>
            <Link href={`/inbox?task=${encodeURIComponent(step.taskId)}`} data-testid="open-in-inbox" className="mt-2 inline-flex items-center gap-1 rounded-md bg-white px-2.5 py-1 text-xs font-semibold text-pink-700 shadow-sm ring-1 ring-inset ring-pink-200 hover:bg-pink-100">
              Open in inbox →
            </Link>
          </div>
        )}
        {step.join && step.status === 'waiting' && (
          <p className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700">
            Waiting for parallel branches: <b>{step.join.arrived}</b> of <b>{step.join.expected}</b> arrived.
          </p>
        )}
        {step.retry && (
          <div data-testid="step-retry" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3">
            <p className="text-sm font-medium text-amber-900">
              Attempt {step.retry.nextAttempt} of {step.retry.maxAttempts}{' '}
              {now < step.retry.dueAt ? (
                <>
                  starts in <span className="tabular-nums">{formatCountdown(step.retry.dueAt - now)}</span>
                </>
              ) : (
                'is running'
              )}
            </p>
            <p className="mt-0.5 text-xs text-amber-800/80">
              Attempt {step.retry.nextAttempt - 1} failed with a retryable error{step.failures.at(-1)?.error.message ? `: ${errorWithoutNode(step.failures.at(-1)!.error.message)}` : ''}. Waiting{' '}
              {formatDuration(step.retry.delayMs)} (backoff) before trying again.
            </p>
          </div>
        )}
        {step.handled && (
          <div data-testid="step-handled" className="rounded-lg border border-orange-200 bg-orange-50 px-4 py-3">
            <p className="text-sm font-medium text-orange-900">Error handled</p>
            <p className="mt-0.5 text-xs text-orange-800/80">
              The step failed for good{step.attempts > 1 ? ` after ${step.attempts} attempts` : ''}, and the run went on through its <b>Error</b> path. The error is{' '}
              <code className="rounded bg-white/70 px-1 font-mono">$steps.{step.nodeId}.error</code>.
            </p>
          </div>
        )}
        {step.timer && step.timer.kind === 'wait' && (
          <div data-testid="step-timer" className="rounded-lg border border-teal-200 bg-teal-50 px-4 py-3 text-sm text-teal-900">
            {step.timer.firedAt === null ? (
              <>
                <p className="font-medium">
                  Waits until {clockTime(step.timer.dueAt, now)}
                  {now < step.timer.dueAt && <span className="font-normal tabular-nums text-teal-700"> · in {formatCountdown(step.timer.dueAt - now)}</span>}
                </p>
                <p className="mt-0.5 text-xs text-teal-800/80">A durable timer: it fires even if Baton restarts meanwhile.</p>
              </>
            ) : (
              <p>
                Waited until {clockTime(step.timer.dueAt, now)} · the timer fired {formatTime(step.timer.firedAt)}.
              </p>
            )}
          </div>
        )}
        {step.timer && step.timer.kind === 'due' && (
          <p className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700">
            {step.escalated
              ? step.escalated.interrupting
                ? 'Overdue: the task was closed and the run took its escalation path.'
                : `Overdue: ${[step.escalated.mode === 'nonInterrupting' ? 'a reminder was sent' : '', step.escalated.reassignedTo ? `the task was reassigned to group ${step.escalated.reassignedTo}` : ''].filter(Boolean).join(' and ')}; the task stays open.`
              : `Due ${clockTime(step.timer.dueAt, now)}${now < step.timer.dueAt ? ` · in ${formatCountdown(step.timer.dueAt - now)}` : ' · overdue'}`}
          </p>
        )}
        {step.agent && <AgentTrace trace={step.agent} running={step.status === 'running' || step.status === 'waiting'} />}
        {step.children.length > 0 && !step.agent && <ChildRuns step={step} />}
        {step.compensates && (
          <div className="rounded-lg border border-violet-200 bg-violet-50 px-4 py-3 text-sm text-violet-900">
            <p className="font-medium">Compensation handler</p>
            <p className="mt-0.5 text-xs text-violet-800/80">
              Undoes{' '}
              <button type="button" onClick={() => onSelectStep?.(step.compensates!)} className="font-medium underline decoration-violet-300 underline-offset-2 hover:decoration-violet-600">
                {labelOf(step.compensates.split('#')[0]!)} ({step.compensates})
              </button>
              , which had completed before the run failed.
            </p>
          </div>
        )}
        {step.compensation && (
          <div data-testid="step-compensation" className="rounded-lg border border-violet-200 bg-violet-50 px-4 py-3 text-sm text-violet-900">
            <p className="font-medium">{step.compensation.done ? 'Undone' : 'Being undone…'}</p>
            <p className="mt-0.5 text-xs text-violet-800/80">
              This step succeeded; when the run failed, its compensation handler{' '}
              <button type="button" onClick={() => onSelectStep?.(step.compensation!.handlerStepId)} className="font-medium underline decoration-violet-300 underline-offset-2 hover:decoration-violet-600">
                {labelOf(step.compensation.handlerStepId.split('#')[0]!)} ({step.compensation.handlerStepId})
              </button>{' '}
              {step.compensation.done ? 'reversed it.' : 'is reversing it.'}
            </p>
          </div>
        )}
        {step.decision && (
          <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
            <div className="flex flex-wrap items-center gap-1.5 text-slate-700">
              Decided <b className="text-slate-900">{step.decision.outcome}</b> by <Person id={step.decision.by} className="font-medium text-slate-900" /> ·{' '}
              <RelativeTime at={step.decision.at} className="text-slate-500" />
            </div>
            {step.decision.data && typeof step.decision.data === 'object' && Object.keys(step.decision.data).length > 0 && <JsonView value={step.decision.data} label="Form data" className="mt-3" />}
          </div>
        )}
        {step.routed && <RoutedBox routed={step.routed} />}
        {step.error && !attempts.data?.some((a) => a.error) && <ErrorBox error={step.error} />}

        <section>
          <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Attempts</h4>
          {attempts.isPending ? (
            <div className="h-20 animate-pulse rounded-lg bg-slate-100" />
          ) : attempts.data && attempts.data.length > 0 ? (
            <div className="space-y-3">
              {attempts.data.map((a, i) => (
                <AttemptCard key={a.attempt} attempt={i === attempts.data.length - 1 ? lastAttempt(a, step) : a} defaultOpen={i === attempts.data.length - 1} />
              ))}
            </div>
          ) : (
            <div className="space-y-3">
              <p className="text-xs text-slate-500">{step.status === 'running' ? 'The first attempt is running…' : 'This step ran inside the engine (no executor attempt).'}</p>
              {step.input !== undefined && step.input !== null && <JsonView value={step.input} label="Input" />}
              {step.output !== undefined && <JsonView value={step.output} label="Output" testId="step-output" />}
            </div>
          )}
        </section>
      </div>
    </div>
  );
}

function ChildRuns({ step }: { step: StepRun }) {
  const map = step.map;
  const pct = map && map.total > 0 ? Math.round((map.done / map.total) * 100) : 0;
  return (
    <section data-testid="step-children" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{map ? 'Items' : 'Child run'}</h4>
        {map && (
          <span className="text-xs tabular-nums text-slate-600" data-testid="map-progress">
            <b className="text-slate-900">{map.done}</b> of {map.total} done · up to {map.concurrency} at once
          </span>
        )}
      </div>
      {map && (
        <div className="px-4 pt-3">
          <div className="h-1.5 overflow-hidden rounded-full bg-slate-100">
            <div className="h-full rounded-full bg-emerald-500 transition-[width] duration-500" style={{ width: `${pct}%` }} />
          </div>
        </div>
      )}
      <ul className="max-h-64 divide-y divide-slate-100 overflow-y-auto px-1 py-1">
        {step.children.map((c) => (
          <li key={c.childRunId}>
            <Link href={runHref(c.childRunId)} data-testid="child-run-link" className="flex items-center gap-2 rounded-md px-3 py-2 text-sm hover:bg-slate-50">
              <StatusPill status={c.status} />
              <span className="min-w-0 flex-1 truncate">
                {c.index !== null ? <span className="font-medium text-slate-800">Item {c.index + 1}</span> : <span className="font-medium text-slate-800">Sub-workflow run</span>}
                <span className="ml-2 font-mono text-[11px] text-slate-500">{c.childRunId}</span>
              </span>
              <span className="shrink-0 text-xs font-medium text-indigo-600">Open →</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="rounded-md bg-slate-50 px-2.5 py-2 ring-1 ring-inset ring-slate-200">
      <dt className="text-[10px] font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 truncate text-sm font-medium tabular-nums text-slate-900">{children}</dd>
    </div>
  );
}

interface Attempt {
  attempt: number;
  status: string;
  input: unknown;
  output: unknown;
  error: unknown;
  logs: string[];
  startedAt: number;
  endedAt: number | null;
}

/**
 * The last attempt as the person sees it: a user task's attempt renders the task and
 * parks in a millisecond, but it lasts until the task is decided — waiting while the
 * step waits, and ending when the step ends.
 */
function lastAttempt(a: Attempt, step: StepRun): Attempt {
  if (step.status === 'waiting') return { ...a, status: 'waiting', endedAt: null };
  if (step.taskId && step.endedAt !== null && (a.endedAt === null || a.endedAt < step.endedAt)) return { ...a, status: step.status, endedAt: step.endedAt };
  return a;
}

function AttemptCard({ attempt: a, defaultOpen }: { attempt: Attempt; defaultOpen: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const status = a.status === 'succeeded' || a.status === 'failed' || a.status === 'running' || a.status === 'waiting' || a.status === 'cancelled' ? a.status : a.endedAt ? 'succeeded' : 'running';
  return (
    <div data-testid={`attempt-${a.attempt}`} className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} className="flex w-full items-center gap-2 px-3 py-2 text-left hover:bg-slate-50">
        <svg viewBox="0 0 10 10" className={`h-2.5 w-2.5 text-slate-500 transition-transform ${open ? 'rotate-90' : ''}`} aria-hidden>
          <path d="M3 1.5 7 5l-4 3.5z" fill="currentColor" />
        </svg>
        <span className="text-sm font-medium text-slate-800">Attempt {a.attempt}</span>
        <StatusPill status={status} />
        <span className="ml-auto text-xs tabular-nums text-slate-500" title={`${absoluteTime(a.startedAt)}${a.endedAt ? ' → ' + absoluteTime(a.endedAt) : ''}`}>
          {a.endedAt ? formatDuration(a.endedAt - a.startedAt) : <LiveDuration start={a.startedAt} end={null} />}
        </span>
      </button>
      {open && (
        <div className="space-y-3 border-t border-slate-100 p-3">
          {a.error !== null && a.error !== undefined && <ErrorBox error={a.error} />}
          <JsonView value={a.input} label="Input" defaultDepth={1} testId="attempt-input" />
          {a.output !== null && a.output !== undefined && <JsonView value={a.output} label="Output" testId="attempt-output" />}
          {a.logs.length > 0 && (
            <div className="rounded-lg border border-slate-800 bg-slate-900">
              <div className="border-b border-slate-700 px-3 py-1.5 text-[11px] font-medium uppercase tracking-wide text-slate-400">Logs</div>
              <pre className="max-h-60 overflow-auto px-3 py-2 font-mono text-[11px] leading-5 text-slate-200">{a.logs.join('\n')}</pre>
            </div>
          )}
          <p className="text-[11px] text-slate-500">
            {absoluteTime(a.startedAt)}
            {a.endedAt ? ` → ${formatTime(a.endedAt)}` : ' → …'}
          </p>
        </div>
      )}
    </div>
  );
}

/** Why a router took its branch, with the candidates' statistics it saw. */
function RoutedBox({ routed }: { routed: NonNullable<StepRun['routed']> }) {
  return (
    <div className="rounded-lg border border-sky-200 bg-sky-50/60 px-4 py-3 text-sm" data-testid="router-choice">
      <div className="text-xs font-semibold tracking-wide text-sky-800 uppercase">Why this branch{routed.probe ? ' · breaker probe' : ''}</div>
      <p className="mt-1 text-slate-800" data-testid="router-reason">
        {routed.reason}
      </p>
      {routed.candidates.length > 0 && (
        <table className="mt-2 w-full text-xs tabular-nums">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="font-medium">Candidate</th>
              <th className="pl-3 text-right font-medium">Succeeded</th>
              <th className="pl-3 text-right font-medium">Failed</th>
              <th className="pl-3 text-right font-medium">p50</th>
              <th className="pl-3 font-medium">Breaker</th>
            </tr>
          </thead>
          <tbody>
            {routed.candidates.map((c) => (
              <tr key={c.id} className={c.id === routed.port ? 'font-semibold text-slate-900' : 'text-slate-700'}>
                <td>{c.label}</td>
                <td className="pl-3 text-right">{c.succeeded}</td>
                <td className="pl-3 text-right">{c.failed}</td>
                <td className="pl-3 text-right whitespace-nowrap">{c.p50Ms === null ? '–' : formatDuration(c.p50Ms)}</td>
                <td className="pl-3">{c.breaker === 'halfOpen' ? 'probing' : c.breaker}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
