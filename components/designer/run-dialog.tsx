'use client';
/**
 * Start a run from the designer. The server runs published versions only: when the
 * draft has unpublished changes (or nothing is published yet) the dialog offers
 * "Publish & run" (save, publish, then run the new version). The input form comes
 * from the manual trigger's `inputFields`.
 */
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { errorsByField, FormFields } from '@/components/forms/form-fields';
import { validateFormData } from '@/lib/forms/validate';
import { getNodeType } from '@/lib/nodes/registry';
import type { FormField } from '@/lib/nodes/fields';
import { errorIssues, errorMessage, useTRPC } from '@/lib/trpc/client';
import { useDesigner } from '@/lib/designer/store';
import { hasBlockingProblems, type Problem } from '@/lib/workflow/validate';
import { BlockingProblems } from './blocking-problems';
import type { VersionMeta } from './top-bar';
import { Button, Dialog } from './ui';
import { UiIcon } from './ui-icons';
import { useSession } from '@/components/auth/session';

interface Props {
  open: boolean;
  onClose: () => void;
  workflowId: string;
  meta: VersionMeta;
  publish: () => Promise<number | null>;
  onSelectProblem: (p: Problem) => void;
}

export function RunDialog(props: Props) {
  // Mounted only while open, so the form starts empty each time.
  if (!props.open) return null;
  return <RunDialogBody {...props} />;
}

function RunDialogBody({ onClose, workflowId, meta, publish, onSelectProblem }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const doc = useDesigner((s) => s.doc);
  const dirty = useDesigner((s) => s.dirty);
  const problems = useDesigner((s) => s.problems);
  const start = useMutation(trpc.runs.start.mutationOptions());
  const [value, setValue] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [phase, setPhase] = useState<'idle' | 'publishing' | 'starting'>('idle');

  const fields = useMemo((): FormField[] => {
    const trigger = doc.nodes.find((n) => getNodeType(n.type)?.behavior === 'trigger');
    if (!trigger) return [];
    const parsed = getNodeType(trigger.type)!.configSchema.safeParse(trigger.config);
    const f = parsed.success ? (parsed.data as { inputFields?: FormField[] }).inputFields : undefined;
    return Array.isArray(f) ? f : [];
  }, [doc.nodes]);

  const canPublish = useSession().can('workflow.publish');
  const needsPublish = canPublish && (dirty || meta.hasUnpublishedChanges || meta.latestVersion === 0);
  const neverPublished = !canPublish && meta.latestVersion === 0;
  const blocked = neverPublished || (canPublish && hasBlockingProblems(problems));
  const busy = phase !== 'idle';

  const submit = async () => {
    setFailure(null);
    const checked = validateFormData(fields, value);
    if (checked.errors.length) {
      setErrors(errorsByField(checked.errors));
      return;
    }
    setErrors({});
    let version = meta.latestVersion;
    if (needsPublish) {
      setPhase('publishing');
      const v = await publish();
      if (v === null) {
        setPhase('idle');
        setFailure('Publishing did not succeed, so no run was started.');
        return;
      }
      version = v;
    }
    setPhase('starting');
    try {
      const { runId } = await start.mutateAsync({ workflowId, version, input: checked.value });
      router.push(`/runs/${encodeURIComponent(runId)}`);
    } catch (err) {
      const byField: Record<string, string> = {};
      for (const i of errorIssues(err)) if (i.path[0] === 'input' && typeof i.path[1] === 'string') byField[i.path[1]] = i.message;
      setErrors(byField);
      setFailure(errorMessage(err));
      setPhase('idle');
    }
  };

  const label = needsPublish ? 'Publish & run' : `Run v${meta.latestVersion}`;
  return (
    <Dialog
      open
      onClose={() => !busy && onClose()}
      testId="run-dialog"
      width="max-w-lg"
      title={`Run “${doc.name}”`}
      description={
        needsPublish ? undefined : (
          <>
            Starts a run of the published version <span className="font-medium text-slate-700">v{meta.latestVersion}</span>.
          </>
        )
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            variant="primary"
            onClick={() => void submit()}
            disabled={blocked}
            loading={busy}
            data-testid="start-run"
            icon={<UiIcon name="play" className="h-3.5 w-3.5" />}
          >
            {phase === 'publishing' ? 'Publishing…' : phase === 'starting' ? 'Starting…' : label}
          </Button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!blocked && !busy) void submit();
        }}
        className="space-y-4"
      >
        {needsPublish && !blocked && (
          <div className="flex gap-2.5 rounded-lg bg-amber-50 p-3 text-[13px] text-amber-900 ring-1 ring-amber-200/70 ring-inset" data-testid="run-needs-publish">
            <UiIcon name="info" className="mt-px h-4 w-4 shrink-0 text-amber-600" />
            <p>
              {meta.latestVersion === 0
                ? 'This workflow has never been published. Runs use published versions, so it will be saved and published as v1 first.'
                : `The draft has changes that are not in v${meta.latestVersion}. Runs use published versions, so it will be saved and published as v${meta.latestVersion + 1} first.`}
            </p>
          </div>
        )}
        {neverPublished && (
          <p data-testid="run-not-published" className="rounded-lg bg-slate-50 p-3 text-[13px] text-slate-700 ring-1 ring-slate-200 ring-inset">
            This workflow has no published version yet. Ask a designer to publish it; runs always use a published version.
          </p>
        )}
        {blocked && !neverPublished && (
          <BlockingProblems
            problems={problems}
            action="run"
            onSelect={(p) => {
              onClose();
              onSelectProblem(p);
            }}
          />
        )}
        {!blocked && (
          <div>
            <h3 className="mb-3 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">Input</h3>
            {fields.length === 0 ? (
              <p className="text-[13px] text-slate-500">The trigger asks for no input.</p>
            ) : (
              <FormFields fields={fields} value={value} onChange={setValue} errors={errors} disabled={busy} idPrefix="run-input" />
            )}
          </div>
        )}
        {failure && (
          <p className="rounded-lg bg-red-50 px-3 py-2 text-[13px] text-red-700 ring-1 ring-red-100 ring-inset" role="alert" data-testid="run-error">
            {failure}
          </p>
        )}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
