'use client';
/**
 * One task: what to decide (title, instructions, context), the form, and one button
 * per outcome. The form is checked in the browser with `validateFormData` before
 * sending; the server checks again and its field errors are shown the same way.
 * A completed task shows who decided what, when, with the submitted data. Below,
 * the run's history so far; opening an open task clears its unread mark.
 */
import { VersionBadge } from '@/components/runs/version-badge';
import { runHref } from '@/lib/run-view/links';
import Link from 'next/link';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorIssues, errorMessage, useTRPC } from '@/lib/trpc/client';
import { validateFormData } from '@/lib/forms/validate';
import { FormFields, errorsByField } from '@/components/forms/form-fields';
import { outcomeTone } from '@/lib/run-view/format';
import { Person, usePeople } from '@/components/runs/avatar';
import { StatusPill } from '@/components/runs/status';
import { RelativeTime } from '@/components/runs/time';
import { ContextTable } from './context-table';
import { TaskActions } from './task-actions';
import { decided, type TaskView } from './types';
import { useSession } from '@/components/auth/session';
import { EscalationLine } from './escalation';
import { TaskHistory } from './task-history';
import { useMarkViewed } from './use-mark-viewed';
import { formatDateTime } from '@/lib/util/time';

export function TaskDetail({ task, me, justDecided, onDecided }: { task: TaskView; me: string | undefined; justDecided: boolean; onDecided: (taskId: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const nameOf = usePeople();
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  useMarkViewed(task.id, task.status === 'open', task.escalation.escalatedAt !== null);
  const complete = useMutation(
    trpc.tasks.complete.mutationOptions({
      onSuccess: () => {
        onDecided(task.id);
        void qc.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
        void qc.invalidateQueries({ queryKey: trpc.runs.pathKey() });
      },
      onError: (err) => {
        const byField: Record<string, string> = {};
        for (const i of errorIssues(err)) if (i.path[0] === 'data' && typeof i.path[1] === 'string') byField[i.path[1]] ??= i.message;
        setFieldErrors(byField);
        setFormError(Object.keys(byField).length ? 'Please fix the highlighted fields.' : errorMessage(err));
      },
      onSettled: () => setPending(null),
    }),
  );

  const submit = (outcome: string) => {
    const { errors, value } = validateFormData(task.form, values);
    setFieldErrors(errorsByField(errors));
    if (errors.length) {
      setFormError('Please fix the highlighted fields.');
      return;
    }
    setFormError(null);
    setPending(outcome);
    complete.mutate({ id: task.id, outcome, data: value });
  };

  const canAct = useSession().can('task.act');
  const open = task.status === 'open' && canAct;
  const outcomeLabel = task.outcomes.find((o) => o.id === task.outcome)?.label ?? task.outcome ?? '';
  const otherAssignee = open && task.assignee && me && task.assignee !== me;

  return (
    <article className="mx-auto max-w-3xl px-8 py-7" data-testid="task-detail" data-task-id={task.id}>
      {justDecided && task.status === 'completed' && (
        <div data-testid="task-success" role="status" className="mb-6 flex items-center gap-3 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
          <svg viewBox="0 0 20 20" className="h-5 w-5 shrink-0 text-emerald-600" aria-hidden>
            <circle cx="10" cy="10" r="9" fill="currentColor" />
            <path d="m6 10.2 2.6 2.6L14 7.4" stroke="white" strokeWidth="2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span className="flex-1">
            <span className="font-semibold">{decided(outcomeLabel)}</span> — the run continues.
          </span>
          <Link href={runHref(task.runId)} className="font-medium text-emerald-700 underline-offset-2 hover:underline">
            Watch the run →
          </Link>
        </div>
      )}

      <header>
        <div className="mb-2 flex items-center gap-2 text-xs text-slate-500">
          <StatusPill status={task.status} />
          <span className="text-slate-300">·</span>
          <span>
            Created <RelativeTime at={task.createdAt} />
          </span>
        </div>
        <h2 data-testid="task-title" className="text-xl font-semibold leading-snug tracking-tight text-slate-900">
          {task.title}
        </h2>
        <dl className="mt-3 flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
          <div className="flex items-center gap-1.5">
            <dt className="text-slate-500">Workflow</dt>
            <dd>
              <Link href={`/workflows/${task.workflowId}`} className="font-medium text-slate-800 hover:text-indigo-600">
                {task.workflowName}
              </Link>
              <span className="ml-1.5 inline-block">
                <VersionBadge version={task.version} />
              </span>
            </dd>
          </div>
          <div className="flex items-center gap-1.5">
            <dt className="text-slate-500">Run</dt>
            <dd>
              <Link href={runHref(task.runId)} data-testid="task-run-link" className="font-mono text-xs font-medium text-indigo-600 hover:underline">
                {task.runId}
              </Link>
            </dd>
          </div>
          {(task.assignee || (task.candidateUsers.length === 0 && task.candidateGroups.length === 0)) && (
            <div className="flex items-center gap-1.5">
              <dt className="text-slate-500">Assignee</dt>
              <dd className="text-slate-800">{task.assignee ? <Person id={task.assignee} /> : <span className="text-slate-500">Anyone</span>}</dd>
            </div>
          )}
          {(task.candidateUsers.length > 0 || task.candidateGroups.length > 0) && (
            <div className="flex items-center gap-1.5">
              <dt className="text-slate-500">Candidates</dt>
              <dd className="text-slate-800">{[...task.candidateUsers, ...task.candidateGroups.map((g) => `${g} (group)`)].join(', ')}</dd>
            </div>
          )}
          {task.dueAt !== null && (
            <div className="flex items-center gap-1.5">
              <dt className="text-slate-500">Due</dt>
              <dd className={task.status === 'open' && task.dueAt < Date.now() ? 'font-semibold text-red-600' : 'text-slate-800'} data-testid="task-due">
                {formatDateTime(task.dueAt)}
              </dd>
            </div>
          )}
          {task.priority !== 'normal' && (
            <div className="flex items-center gap-1.5">
              <dt className="text-slate-500">Priority</dt>
              <dd className="font-medium capitalize text-slate-800">{task.priority}</dd>
            </div>
          )}
        </dl>
        <EscalationLine task={task} />
      </header>
      {task.status === 'open' && canAct && <TaskActions task={task} me={me} />}

      {task.description.trim() && (
        <section className="mt-6">
          <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Instructions</h3>
          <p data-testid="task-instructions" className="whitespace-pre-wrap rounded-lg border border-slate-200 border-l-4 border-l-indigo-400 bg-white px-4 py-3 text-sm leading-relaxed text-slate-700">
            {task.description}
          </p>
        </section>
      )}

      <section className="mt-6">
        <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Context</h3>
        <ContextTable value={task.context} />
      </section>

      <section className="mt-6">
        <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Run so far</h3>
        <TaskHistory taskId={task.id} />
      </section>

      {open ? (
        <section className="mt-7">
          <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Your decision</h3>
          <form
            data-testid="task-form"
            noValidate
            onSubmit={(e) => e.preventDefault()}
            className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
          >
            {otherAssignee && (
              <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800 ring-1 ring-inset ring-amber-200">
                Assigned to {nameOf(task.assignee)}. Your decision is recorded under your name ({nameOf(me)}).
              </p>
            )}
            {task.form.length > 0 ? (
              <FormFields fields={task.form} value={values} onChange={setValues} errors={fieldErrors} disabled={complete.isPending} idPrefix={`task-${task.id}`} />
            ) : (
              <p className="text-sm text-slate-500">No fields to fill in — just pick an outcome.</p>
            )}
            {formError && (
              <p role="alert" data-testid="task-error" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-inset ring-red-200">
                {formError}
              </p>
            )}
            <div className="mt-5 flex flex-wrap items-center gap-2 border-t border-slate-100 pt-4">
              {task.outcomes.map((o, i) => (
                <OutcomeButton key={o.id} id={o.id} label={o.label} first={i === 0} busy={pending === o.id} disabled={complete.isPending} onClick={() => submit(o.id)} />
              ))}
            </div>
          </form>
        </section>
      ) : (
        <section className="mt-7" data-testid="task-decision">
          <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Decision</h3>
          {task.status === 'completed' ? (
            <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
              <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
                <OutcomeBadge id={task.outcome ?? ''} label={outcomeLabel} />
                <span>by</span>
                <Person id={task.completedBy} className="font-medium text-slate-900" />
                {task.completedAt && (
                  <>
                    <span className="text-slate-300">·</span>
                    <RelativeTime at={task.completedAt} className="text-slate-500" />
                  </>
                )}
              </div>
              {task.data && typeof task.data === 'object' && Object.keys(task.data).length > 0 && (
                <div className="mt-4">
                  <ContextTable value={task.data} />
                </div>
              )}
            </div>
          ) : (
            <p className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800">{task.escalation.escalatedAt !== null && task.escalation.mode === 'interrupting' ? 'This task was closed when it became overdue; the run took its escalation path.' : 'This task was cancelled because its run ended; no decision was taken.'}</p>
          )}
        </section>
      )}
    </article>
  );
}

const TONE_CLS = {
  positive: 'bg-emerald-700 text-white shadow-sm hover:bg-emerald-600 focus-visible:ring-emerald-500/40',
  negative: 'bg-white text-red-700 ring-1 ring-inset ring-red-300 shadow-sm hover:bg-red-50 focus-visible:ring-red-500/40',
  primary: 'bg-indigo-600 text-white shadow-sm hover:bg-indigo-500 focus-visible:ring-indigo-500/40',
  neutral: 'bg-white text-slate-700 ring-1 ring-inset ring-slate-300 shadow-sm hover:bg-slate-50 focus-visible:ring-slate-400/40',
} as const;

function OutcomeButton({ id, label, first, busy, disabled, onClick }: { id: string; label: string; first: boolean; busy: boolean; disabled: boolean; onClick: () => void }) {
  const tone = outcomeTone(id);
  const cls = tone === 'neutral' ? (first ? TONE_CLS.primary : TONE_CLS.neutral) : TONE_CLS[tone];
  return (
    <button
      type="button"
      data-testid={`outcome-${id}`}
      data-tone={tone}
      disabled={disabled}
      onClick={onClick}
      className={`inline-flex min-w-24 items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-semibold outline-none transition focus-visible:ring-4 disabled:cursor-not-allowed disabled:opacity-60 ${cls}`}
    >
      {busy && (
        <svg viewBox="0 0 16 16" className="h-4 w-4 animate-spin" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
          <circle cx="8" cy="8" r="6" opacity="0.3" />
          <path d="M14 8a6 6 0 0 0-6-6" />
        </svg>
      )}
      {label}
    </button>
  );
}

function OutcomeBadge({ id, label }: { id: string; label: string }) {
  const tone = outcomeTone(id);
  const cls =
    tone === 'positive' ? 'bg-emerald-50 text-emerald-700 ring-emerald-200' : tone === 'negative' ? 'bg-red-50 text-red-700 ring-red-200' : 'bg-indigo-50 text-indigo-700 ring-indigo-200';
  return <span className={`rounded-full px-2.5 py-0.5 text-sm font-semibold ring-1 ring-inset ${cls}`}>{decided(label)}</span>;
}
