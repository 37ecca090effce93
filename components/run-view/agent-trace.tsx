'use client';
/**
 * The live trace of an AI agent step in the run inspector: running totals (model calls,
 * tokens, cost), then each model turn (excerpt, tool calls proposed, tokens, cost,
 * latency) and each batch of tool results (arguments, result, who approved or rejected,
 * a link to the tool's run), and what the agent waits for now.
 */
import Link from 'next/link';
import { Bot, Check, Clock, Coins, UserCheck, Wrench, X } from 'lucide-react';
import type { AgentTrace as Trace } from '@/lib/run-view/types';
import type { TraceEntry } from '@/lib/nodes/ai-agent/memory';
import { runHref } from '@/lib/run-view/links';
import { formatDuration } from '@/lib/util/time';
import { Person } from '@/components/runs/avatar';

type ModelTurn = Extract<TraceEntry, { kind: 'model' }>;
type ToolBatch = Extract<TraceEntry, { kind: 'tools' }>;

const usd = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v < 0.01 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`);
const num = (v: number) => v.toLocaleString('en-US');

export function AgentTrace({ trace, running }: { trace: Trace; running: boolean }) {
  const totals = [...trace.entries].reverse().find((e): e is ModelTurn | ToolBatch => e.kind === 'model' || e.kind === 'tools')?.totals;
  return (
    <section data-testid="agent-trace" className="rounded-lg border border-violet-200 bg-white">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-violet-100 bg-violet-50/60 px-4 py-2.5">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-violet-700">Agent trace</h4>
        {totals && (
          <dl className="flex items-center gap-3 text-xs tabular-nums text-slate-600" data-testid="agent-totals">
            <Total label="model calls" value={num(totals.modelCalls)} />
            <Total label="tokens" value={num(totals.totalTokens)} />
            <Total label="cost" value={usd(totals.costUsd)} icon={<Coins className="size-3.5 text-amber-500" aria-hidden />} />
          </dl>
        )}
      </div>
      <ol className="space-y-2 px-3 py-3">
        {trace.entries.map((e, i) =>
          e.kind === 'model' ? <ModelTurnItem key={i} turn={e} /> : e.kind === 'tools' ? <ToolBatchItem key={i} batch={e} /> : null,
        )}
        {trace.waitingTasks > 0 && (
          <li className="flex items-center gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="agent-waiting-approval">
            <UserCheck className="size-4 shrink-0" aria-hidden />
            Waiting for {trace.waitingTasks === 1 ? 'a person to approve a tool call' : `people to approve ${trace.waitingTasks} tool calls`} in the inbox
          </li>
        )}
        {trace.waitingRuns > 0 && (
          <li className="flex items-center gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
            <Wrench className="size-4 shrink-0 animate-pulse" aria-hidden />
            Running {trace.waitingRuns} tool {trace.waitingRuns === 1 ? 'call' : 'calls'}
          </li>
        )}
        {running && trace.waitingTasks === 0 && trace.waitingRuns === 0 && (
          <li className="flex items-center gap-2 px-3 py-1 text-sm text-slate-500">
            <Bot className="size-4 shrink-0 animate-pulse text-violet-500" aria-hidden /> Thinking…
          </li>
        )}
      </ol>
    </section>
  );
}

function Total({ label, value, icon }: { label: string; value: string; icon?: React.ReactNode }) {
  return (
    <div className="flex items-center gap-1">
      {icon}
      <dd className="font-semibold text-slate-900">{value}</dd>
      <dt>{label}</dt>
    </div>
  );
}

function ModelTurnItem({ turn }: { turn: ModelTurn }) {
  return (
    <li className="rounded-md border border-slate-200 px-3 py-2" data-testid="agent-model-turn">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
        <span className="inline-flex items-center gap-1 font-semibold text-violet-700">
          <Bot className="size-3.5" aria-hidden /> Model turn {turn.turn}
        </span>
        <span className="tabular-nums">
          {num(turn.promptTokens)} in · {num(turn.completionTokens)} out
        </span>
        <span className="tabular-nums">{usd(turn.costUsd)}</span>
        <span className="inline-flex items-center gap-1 tabular-nums">
          <Clock className="size-3" aria-hidden />
          {formatDuration(turn.latencyMs)}
        </span>
      </div>
      {turn.excerpt && <p className="mt-1 whitespace-pre-wrap text-sm text-slate-800">{turn.excerpt}</p>}
      {turn.toolCalls.length > 0 && (
        <ul className="mt-1.5 flex flex-wrap gap-1.5">
          {turn.toolCalls.map((c) => (
            <li key={c.id} className="max-w-full truncate rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700" title={c.args}>
              {c.name}({c.args})
            </li>
          ))}
        </ul>
      )}
      {turn.errors?.map((e) => (
        <p key={e.id} className="mt-1 text-xs text-rose-700">
          Malformed call {e.name}: {e.problem} — sent back to the model
        </p>
      ))}
      {turn.reasked && <p className="mt-1 text-xs text-amber-700">The answer did not match the output schema ({turn.reasked}); asked again.</p>}
    </li>
  );
}

function ToolBatchItem({ batch }: { batch: ToolBatch }) {
  return (
    <li className="space-y-1.5" data-testid="agent-tool-results">
      {batch.results.map((r) => (
        <div key={r.id} className="rounded-md border border-slate-200 bg-slate-50/70 px-3 py-2">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
            <span className="inline-flex items-center gap-1 font-semibold text-slate-800">
              <Wrench className="size-3.5 text-slate-500" aria-hidden /> {r.name}
            </span>
            <ResultBadge status={r.status} />
            {r.approvedBy && (
              <span className="inline-flex items-center gap-1 text-slate-600">
                approved by <Person id={r.approvedBy} className="font-medium text-slate-800" />
                {r.edited ? ' · arguments edited' : ''}
              </span>
            )}
            {r.rejectedBy && (
              <span className="inline-flex items-center gap-1 text-slate-600">
                rejected by <Person id={r.rejectedBy} className="font-medium text-slate-800" />
              </span>
            )}
            {r.runId && (
              <Link href={runHref(r.runId)} className="ml-auto font-medium text-indigo-600 hover:underline">
                Tool run →
              </Link>
            )}
          </div>
          <p className="mt-1 truncate font-mono text-[11px] text-slate-600" title={JSON.stringify(r.args)}>
            {JSON.stringify(r.args)}
          </p>
          <p className="mt-0.5 line-clamp-3 break-words text-sm text-slate-800">{r.result}</p>
        </div>
      ))}
    </li>
  );
}

function ResultBadge({ status }: { status: ToolBatch['results'][number]['status'] }) {
  const look = status === 'succeeded' ? 'bg-emerald-50 text-emerald-700 ring-emerald-200' : status === 'rejected' ? 'bg-amber-50 text-amber-800 ring-amber-200' : 'bg-rose-50 text-rose-700 ring-rose-200';
  const Icon = status === 'succeeded' ? Check : X;
  return (
    <span className={`inline-flex items-center gap-0.5 rounded px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${look}`}>
      <Icon className="size-3" aria-hidden /> {status}
    </span>
  );
}
