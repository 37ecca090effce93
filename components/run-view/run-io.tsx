'use client';
/** The run's input, and its output, error or cancellation once it ended. */
import type { RunView } from '@/lib/run-view/types';
import { Person } from '@/components/runs/avatar';
import { ErrorBox } from './error-box';
import { JsonView } from './json-view';

export function RunIO({ view, fallback }: { view: RunView; fallback: { input: unknown; output: unknown; error: unknown } | undefined }) {
  const input = view.input !== undefined ? view.input : fallback?.input;
  const output = view.output !== undefined ? view.output : fallback?.output;
  const error = view.error ?? (fallback?.error as RunView['error'] | undefined) ?? null;
  return (
    <div className="space-y-5 p-4" data-testid="run-io">
      {view.status === 'failed' && error && (
        <section>
          <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Error</h4>
          <ErrorBox error={error} title="Run failed" />
        </section>
      )}
      {view.cancelled && (
        <section className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800">
          <p className="flex flex-wrap items-center gap-1.5 font-medium">
            Cancelled by <Person id={view.cancelled.by} />
          </p>
          {view.cancelled.reason && view.cancelled.reason !== 'cancelled' && <p className="mt-1 text-amber-700">“{view.cancelled.reason}”</p>}
        </section>
      )}
      <section>
        <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Input</h4>
        {input === undefined ? <p className="text-sm text-slate-500">—</p> : <JsonView value={input} testId="run-input" />}
      </section>
      <section>
        <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Output</h4>
        {view.status === 'succeeded' ? (
          <JsonView value={output ?? null} testId="run-output" />
        ) : (
          <p className="rounded-lg border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-500">
            {view.status === 'running' || view.status === 'waiting' || view.status === 'pending' ? 'The output appears when the run reaches an end node.' : 'This run ended without an output.'}
          </p>
        )}
      </section>
    </div>
  );
}
