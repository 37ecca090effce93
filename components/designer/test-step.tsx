'use client';
/**
 * "Test this step" in the node panel: runs the selected node once on the server, with
 * the expression scope of a chosen earlier run of the workflow (`$input`, `$steps`,
 * `$vars` as that run left them) or a scope typed as JSON, and shows the output, error
 * and logs. No run is created (`server/services/step-test.ts`). The node is tested as
 * it is in the designer now, saved or not.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { designerStore } from '@/lib/designer/store';
import { JsonView } from '@/components/run-view/json-view';
import { StatusPill } from '@/components/runs/status';
import { RelativeTime } from '@/components/runs/time';
import { Button, TextArea } from './ui';
import { UiIcon } from './ui-icons';

/** Node types the server refuses to test alone, and why (kept in step with `NOT_ALONE` there). */
const NOT_ALONE: Record<string, string> = {
  userTask: 'A user task waits for a person’s decision, so it cannot be tested alone. Start a test run of the draft instead.',
  wait: 'A timer waits for its due time, so it cannot be tested alone. Start a test run of the draft instead.',
  subWorkflow: 'A sub-workflow starts a child run, so it cannot be tested alone. Start a test run of the draft instead.',
  forEach: 'A for-each starts a child run per item, so it cannot be tested alone. Start a test run of the draft instead.',
};

const JSON_SOURCE = 'json';
const EMPTY_SCOPE = '{\n  "input": {},\n  "steps": {},\n  "vars": {}\n}';

export function TestStep({ workflowId, nodeId, nodeType }: { workflowId: string; nodeId: string; nodeType: string }) {
  const trpc = useTRPC();
  const runs = useQuery(trpc.runs.list.queryOptions({ workflowId, limit: 20 }));
  const [source, setSource] = useState<string | null>(null);
  const [typed, setTyped] = useState(EMPTY_SCOPE);
  const [typedError, setTypedError] = useState<string | null>(null);
  const test = useMutation(trpc.stepTests.run.mutationOptions());
  const chosen = source ?? runs.data?.[0]?.id ?? JSON_SOURCE;

  if (NOT_ALONE[nodeType])
    return (
      <p className="rounded-lg bg-slate-50 px-3 py-2.5 text-[13px] text-slate-600 ring-1 ring-inset ring-slate-200" data-testid="test-step-unavailable">
        {NOT_ALONE[nodeType]}
      </p>
    );

  const run = () => {
    setTypedError(null);
    let src: { runId: string } | { scope: Record<string, unknown> };
    if (chosen === JSON_SOURCE) {
      try {
        const parsed = JSON.parse(typed) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('it must be a JSON object with input, steps and vars');
        src = { scope: parsed as Record<string, unknown> };
      } catch (err) {
        setTypedError(`The scope is not valid JSON: ${(err as Error).message}`);
        return;
      }
    } else src = { runId: chosen };
    test.mutate({ workflowId, nodeId, document: designerStore.getState().doc, source: src });
  };

  const r = test.data;
  return (
    <div className="space-y-3" data-testid="test-step">
      <label className="block">
        <span className="mb-1.5 block text-[13px] font-medium text-slate-700">Expression scope from</span>
        <select
          data-testid="test-step-source"
          value={chosen}
          onChange={(e) => setSource(e.target.value)}
          className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-800 shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20"
        >
          {(runs.data ?? []).map((x) => (
            <option key={x.id} value={x.id}>
              {x.version === null ? 'Test run' : `v${x.version}`} · {x.status} · {x.id.slice(-8)}
            </option>
          ))}
          <option value={JSON_SOURCE}>Typed JSON</option>
        </select>
        <span className="mt-1 block text-xs text-slate-500">
          {chosen === JSON_SOURCE ? (
            'Type $input, $steps (each node’s output) and $vars as JSON.'
          ) : (
            <>
              $input, $steps and $vars as that run left them
              {runs.data?.find((x) => x.id === chosen) && (
                <>
                  {' '}
                  (started <RelativeTime at={runs.data.find((x) => x.id === chosen)!.createdAt} />)
                </>
              )}
              .
            </>
          )}
        </span>
      </label>
      {chosen === JSON_SOURCE && (
        <div>
          <TextArea aria-label="Scope as JSON" data-testid="test-step-json" value={typed} onChange={(e) => setTyped(e.target.value)} rows={6} spellCheck={false} className="font-mono text-xs" maxLength={200_000} />
          {typedError && (
            <p className="mt-1 text-xs text-red-600" role="alert">
              {typedError}
            </p>
          )}
        </div>
      )}
      <Button variant="secondary" onClick={run} loading={test.isPending} data-testid="test-step-run" icon={<UiIcon name="play" className="h-3.5 w-3.5" />}>
        {test.isPending ? 'Testing…' : 'Test step'}
      </Button>
      {test.isError && (
        <p className="rounded-lg bg-red-50 px-3 py-2 text-[13px] text-red-700 ring-1 ring-inset ring-red-100" role="alert" data-testid="test-step-refused">
          {errorMessage(test.error)}
        </p>
      )}
      {r && !test.isPending && (
        <div className="space-y-2.5 rounded-lg bg-slate-50/70 p-3 ring-1 ring-inset ring-slate-200" data-testid="test-step-result" data-status={r.status}>
          <div className="flex items-center gap-2 text-xs text-slate-500">
            <StatusPill status={r.status} />
            <span className="whitespace-nowrap">{r.durationMs} ms</span>
            {r.status === 'succeeded' && r.port && r.port !== 'out' && <span>→ port {r.port}</span>}
            <span className="ml-auto whitespace-nowrap">No run created</span>
          </div>
          {r.error != null && (
            <p className="rounded-md bg-red-50 px-2.5 py-1.5 font-mono text-xs break-words text-red-700 ring-1 ring-inset ring-red-100" data-testid="test-step-error">
              {(r.error as { code?: string }).code ? `${(r.error as { code?: string }).code}: ` : ''}
              {(r.error as { message?: string }).message}
            </p>
          )}
          {r.status === 'succeeded' && <JsonView value={r.output} label="Output" testId="test-step-output" />}
          {r.input != null && <JsonView value={r.input} label="Input used" defaultDepth={1} />}
          {r.logs.length > 0 && (
            <div>
              <h4 className="mb-1 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">Logs</h4>
              <pre className="max-h-40 overflow-auto rounded-md bg-white p-2 font-mono text-[11px] leading-relaxed text-slate-700 ring-1 ring-inset ring-slate-200" data-testid="test-step-logs">
                {r.logs.join('\n')}
              </pre>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
