'use client';
/**
 * Start a run from the designer: "Test run (draft)" runs the saved draft without
 * creating a version (unsaved changes are saved first; a draft with blocking problems
 * is refused, naming the node), "Run (published)" runs the latest published version
 * (disabled with the reason when there is none, or the person's role cannot start runs).
 * The input form comes from the trigger's `inputFields`.
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
import { RunModePicker, type RunMode, type RunModeOption } from './run-mode';

interface Props {
  open: boolean;
  onClose: () => void;
  workflowId: string;
  meta: VersionMeta;
  /** Saves the draft (resolves false when that did not succeed). */
  save: () => Promise<boolean>;
  onSelectProblem: (p: Problem) => void;
}

export function RunDialog(props: Props) {
  // Mounted only while open, so the form starts empty each time.
  if (!props.open) return null;
  return <RunDialogBody {...props} />;
}

function RunDialogBody({ onClose, workflowId, meta, save, onSelectProblem }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const doc = useDesigner((s) => s.doc);
  const dirty = useDesigner((s) => s.dirty);
  const problems = useDesigner((s) => s.problems);
  const start = useMutation(trpc.runs.start.mutationOptions());
  const startDraft = useMutation(trpc.runs.startDraft.mutationOptions());
  const [value, setValue] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [phase, setPhase] = useState<'idle' | 'saving' | 'starting'>('idle');

  const fields = useMemo((): FormField[] => {
    const trigger = doc.nodes.find((n) => getNodeType(n.type)?.behavior === 'trigger');
    if (!trigger) return [];
    const parsed = getNodeType(trigger.type)!.configSchema.safeParse(trigger.config);
    const f = parsed.success ? (parsed.data as { inputFields?: FormField[] }).inputFields : undefined;
    return Array.isArray(f) ? f : [];
  }, [doc.nodes]);

  const session = useSession();
  const canRun = session.can('run.start');
  const canEdit = session.can('workflow.edit');
  const changed = dirty || meta.hasUnpublishedChanges;
  const publishedReason = !canRun ? 'Your role cannot start runs of published versions.' : meta.latestVersion === 0 ? 'Never published: publish the workflow first.' : null;
  const draftReason = !canRun && !canEdit ? 'Your role cannot start runs.' : null;
  const [mode, setMode] = useState<RunMode>(() => (publishedReason === null && (!changed || draftReason !== null) ? 'published' : 'draft'));
  const draftBlocked = mode === 'draft' && hasBlockingProblems(problems);
  const blocked = (mode === 'draft' ? draftReason : publishedReason) !== null || draftBlocked;
  const busy = phase !== 'idle';

  const options: RunModeOption[] = [
    { mode: 'draft', title: 'Test run (draft)', detail: dirty ? 'Saves, then runs the draft as it is now. No version is created.' : 'Runs the saved draft as it is now. No version is created.', disabledReason: draftReason },
    {
      mode: 'published',
      title: meta.latestVersion > 0 ? `Run (published v${meta.latestVersion})` : 'Run (published)',
      detail: meta.latestVersion > 0 && changed ? `Runs v${meta.latestVersion}, without the draft’s changes.` : 'Runs the latest published version.',
      disabledReason: publishedReason,
    },
  ];

  const submit = async () => {
    setFailure(null);
    const checked = validateFormData(fields, value);
    if (checked.errors.length) {
      setErrors(errorsByField(checked.errors));
      return;
    }
    setErrors({});
    try {
      let runId: string;
      if (mode === 'draft') {
        if (dirty && canEdit) {
          setPhase('saving');
          if (!(await save())) {
            setPhase('idle');
            setFailure('Saving the draft did not succeed, so no test run was started.');
            return;
          }
        }
        setPhase('starting');
        ({ runId } = await startDraft.mutateAsync({ workflowId, input: checked.value }));
      } else {
        setPhase('starting');
        ({ runId } = await start.mutateAsync({ workflowId, version: meta.latestVersion, input: checked.value }));
      }
      router.push(`/runs/${encodeURIComponent(runId)}`);
    } catch (err) {
      const byField: Record<string, string> = {};
      for (const i of errorIssues(err)) if (i.path[0] === 'input' && typeof i.path[1] === 'string') byField[i.path[1]] = i.message;
      setErrors(byField);
      setFailure(errorMessage(err));
      setPhase('idle');
    }
  };

  const label = mode === 'draft' ? 'Start test run' : `Run v${meta.latestVersion}`;
  return (
    <Dialog
      open
      onClose={() => !busy && onClose()}
      testId="run-dialog"
      width="max-w-lg"
      title={`Run “${doc.name}”`}
      description="A test run tries the draft without publishing it; a published run uses the latest version."
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
            {phase === 'saving' ? 'Saving…' : phase === 'starting' ? 'Starting…' : label}
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
        <RunModePicker options={options} value={mode} onChange={setMode} disabled={busy} />
        {draftBlocked && (
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
