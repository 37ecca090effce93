'use client';
/**
 * One step: status, timing, a person's decision or the task it waits on, and every
 * attempt (`runs.attempts`) with its input, output, error, logs and timing.
 */
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import type { StepRun } from '@/lib/run-view/types';
import { absoluteTime, formatDuration } from '@/lib/run-view/format';
import { NodeIcon } from '@/components/nodes';
import { StatusPill } from '@/components/runs/status';
import { LiveDuration, RelativeTime } from '@/components/runs/time';
import { Person, usePeople } from '@/components/runs/avatar';
import { ErrorBox } from './error-box';
import { JsonView } from './json-view';
import type { NodeMeta } from './node-meta';

export function StepDetails({ runId, step, meta, assignee, onBack }: { runId: string; step: StepRun; meta: NodeMeta; assignee: string | undefined; onBack: () => void }) {
  const trpc = useTRPC();
  const nameOf = usePeople();
  const attempts = useQuery(trpc.runs.attempts.queryOptions({ runId, stepId: step.stepId }));
  const { refetch } = attempts;
  // Attempts are written by the runner: refetch whenever the log says the step moved on.
  useEffect(() => {
    void refetch();
  }, [step.status, step.attempts, refetch]);

  return (
    <div data-testid="step-details" data-step-id={step.stepId} className="flex min-h-0 flex-col">
      <div className="border-b border-slate-200 px-4 pb-4 pt-3">
        <button type="button" onClick={onBack} className="mb-3 inline-flex items-center gap-1 text-xs font-medium text-slate-500 hover:text-slate-800">
          <svg viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
            <path d="M10 3.5 5.5 8l4.5 4.5" />
          </svg>
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
          <StatusPill status={step.status} />
        </div>
        <dl className="mt-4 grid grid-cols-3 gap-3 text-xs">
          <Fact label="Duration">
            <LiveDuration start={step.startedAt ?? step.activatedAt} end={step.endedAt ?? (step.status === 'running' || step.status === 'waiting' ? null : step.activatedAt)} />
          </Fact>
          <Fact label="Started">
            <span title={absoluteTime(step.startedAt ?? step.activatedAt)}>{new Date(step.startedAt ?? step.activatedAt).toLocaleTimeString()}</span>
          </Fact>
          <Fact label="Attempts">{Math.max(step.attempts, attempts.data?.length ?? 0) || (step.status === 'running' ? 1 : '—')}</Fact>
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
        {step.decision && (
          <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
            <div className="flex flex-wrap items-center gap-1.5 text-slate-700">
              Decided <b className="text-slate-900">{step.decision.outcome}</b> by <Person id={step.decision.by} className="font-medium text-slate-900" /> ·{' '}
              <RelativeTime at={step.decision.at} className="text-slate-500" />
            </div>
            {step.decision.data && typeof step.decision.data === 'object' && Object.keys(step.decision.data).length > 0 && <JsonView value={step.decision.data} label="Form data" className="mt-3" />}
          </div>
        )}
        {step.error && !attempts.data?.some((a) => a.error) && <ErrorBox error={step.error} />}

        <section>
          <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Attempts</h4>
          {attempts.isPending ? (
            <div className="h-20 animate-pulse rounded-lg bg-slate-100" />
          ) : attempts.data && attempts.data.length > 0 ? (
            <div className="space-y-3">
              {attempts.data.map((a, i) => (
                <AttemptCard key={a.attempt} attempt={a} defaultOpen={i === attempts.data.length - 1} />
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

function AttemptCard({ attempt: a, defaultOpen }: { attempt: Attempt; defaultOpen: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const status = a.status === 'succeeded' || a.status === 'failed' || a.status === 'running' || a.status === 'waiting' || a.status === 'cancelled' ? a.status : a.endedAt ? 'succeeded' : 'running';
  return (
    <div data-testid={`attempt-${a.attempt}`} className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} className="flex w-full items-center gap-2 px-3 py-2 text-left hover:bg-slate-50">
        <svg viewBox="0 0 10 10" className={`h-2.5 w-2.5 text-slate-400 transition-transform ${open ? 'rotate-90' : ''}`} aria-hidden>
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
          <p className="text-[11px] text-slate-400">
            {absoluteTime(a.startedAt)}
            {a.endedAt ? ` → ${new Date(a.endedAt).toLocaleTimeString()}` : ' → …'}
          </p>
        </div>
      )}
    </div>
  );
}
