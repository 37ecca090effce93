'use client';
/**
 * Controls for fields naming another workflow (`lib/nodes/workflow-ref.ts`): a picker
 * of published workflows (`widget: 'workflow'`) and a version input that shows the
 * chosen workflow's latest version (`versionOf`). Option logic: `lib/designer/workflow-picker.ts`.
 */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { useDesigner } from '@/lib/designer/store';
import { latestVersionOf, workflowOptions } from '@/lib/designer/workflow-picker';
import { INPUT } from '../ui';
import { NumberControl, TextControl, type ControlProps } from './controls';

function useWorkflowList() {
  const trpc = useTRPC();
  return useQuery(trpc.workflows.list.queryOptions(undefined, { staleTime: 10_000 }));
}

const NOTES = {
  missing: 'No workflow has this id (deleted?). Choose another.',
  self: 'A workflow cannot run itself. Choose another.',
  unpublished: 'This workflow has no published version yet. Publish it first.',
} as const;

export function WorkflowControl({ id, schema, value, onChange, invalid, testId }: ControlProps<string>) {
  const list = useWorkflowList();
  const selfId = useDesigner((s) => s.workflowId);
  const current = typeof value === 'string' ? value : '';
  if (list.isError) {
    // Cannot list workflows: still let the id be edited by hand.
    return (
      <>
        <TextControl id={id} schema={schema} value={current} onChange={onChange} invalid={invalid} testId={testId} />
        <p className="mt-1 text-xs text-amber-700">Could not load workflows; enter the workflow id.</p>
      </>
    );
  }
  const options = workflowOptions(list.data, current, selfId);
  const selected = options.find((o) => o.value === current);
  const status = selected?.status;
  const note = status && status !== 'loading' ? NOTES[status] : null;
  const canOpen = current.trim() !== '' && status !== 'missing';
  return (
    <>
      <div className="flex items-center gap-2">
        <div className="relative min-w-0 flex-1">
          <select
            id={id}
            data-testid={testId}
            data-status={status}
            className={`${INPUT} h-8 appearance-none pr-8`}
            value={current}
            disabled={list.isPending && !current}
            aria-invalid={invalid || !!note || undefined}
            onChange={(e) => onChange(e.target.value)}
          >
            {!selected && <option value="">{list.isPending ? 'Loading workflows…' : options.length === 0 ? 'No published workflows yet' : 'Choose a workflow…'}</option>}
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <svg viewBox="0 0 16 16" className="pointer-events-none absolute top-1/2 right-2.5 h-3.5 w-3.5 -translate-y-1/2 text-slate-500" fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden>
            <path d="M4.5 6.5 8 10l3.5-3.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </div>
        {canOpen && (
          // A new tab: following it here would leave the designer with unsaved changes.
          <a
            href={`/workflows/${encodeURIComponent(current.trim())}`}
            target="_blank"
            rel="noopener noreferrer"
            data-testid={`${testId}-open`}
            title="Open this workflow in a new tab"
            className="shrink-0 rounded px-1 text-xs font-medium text-indigo-600 hover:text-indigo-500 hover:underline"
          >
            Open
          </a>
        )}
      </div>
      {note && <p className="mt-1 text-xs text-amber-700">{note}</p>}
    </>
  );
}

/** The version input of a workflow reference; its placeholder names the chosen workflow's latest version. */
export function WorkflowVersionControl({ workflowId, schema, ...props }: ControlProps<number> & { integer: boolean; workflowId: unknown }) {
  const list = useWorkflowList();
  const latest = latestVersionOf(list.data, workflowId);
  const hinted = latest === null ? schema : { ...schema, placeholder: `latest (v${latest})`, maximum: schema.maximum ?? latest };
  return <NumberControl {...props} schema={hinted} />;
}
