'use client';
/** Dialogs of the workflows list: rename, delete (with confirmation); "New workflow" is the template gallery. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { plural } from '@/lib/designer/format';
import { toast } from '@/components/designer/toast';
import { Button, Dialog, FieldRow, TextInput } from '@/components/designer/ui';

export interface WorkflowRef {
  id: string;
  name: string;
  runCount: number;
  latestVersion: number;
}

function useInvalidateList() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
}

export function RenameWorkflowDialog({ workflow, onClose }: { workflow: WorkflowRef | null; onClose: () => void }) {
  return workflow ? <RenameBody key={workflow.id} workflow={workflow} onClose={onClose} /> : null;
}

function RenameBody({ workflow, onClose }: { workflow: WorkflowRef; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateList();
  const rename = useMutation(trpc.workflows.rename.mutationOptions());
  const [name, setName] = useState(workflow.name);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!name.trim()) return setError('The name cannot be empty.');
    if (name.trim() === workflow.name) return onClose();
    try {
      await rename.mutateAsync({ id: workflow.id, name: name.trim() });
      await invalidate();
      toast.success('Renamed', `“${workflow.name}” is now “${name.trim()}”.`);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      testId="rename-dialog"
      title="Rename workflow"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={rename.isPending} onClick={() => void submit()} data-testid="confirm-rename">
            Rename
          </Button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FieldRow label="Name" htmlFor="rename-workflow-name" error={error}>
          <TextInput
            id="rename-workflow-name"
            data-testid="rename-input"
            value={name}
            maxLength={200}
            aria-invalid={!!error || undefined}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
            onFocus={(e) => e.currentTarget.select()}
          />
        </FieldRow>
      </form>
    </Dialog>
  );
}

export function DeleteWorkflowDialog({ workflow, onClose }: { workflow: WorkflowRef | null; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateList();
  const del = useMutation(trpc.workflows.delete.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const confirm = async () => {
    if (!workflow) return;
    try {
      await del.mutateAsync({ id: workflow.id });
      await invalidate();
      toast.success('Workflow deleted', `“${workflow.name}” was deleted.`);
      close();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Dialog
      open={workflow !== null}
      onClose={close}
      testId="delete-dialog"
      title={workflow ? `Delete “${workflow.name}”?` : ''}
      footer={
        <>
          <Button onClick={close} data-autofocus>
            Cancel
          </Button>
          <Button variant="danger" loading={del.isPending} onClick={() => void confirm()} data-testid="confirm-delete">
            Delete workflow
          </Button>
        </>
      }
    >
      {workflow && (
        <div className="space-y-2 text-sm text-slate-600">
          <p>
            <span className="font-medium text-slate-900">{workflow.name}</span> will disappear from your workflows and can no longer be run.
          </p>
          <p className="text-[13px] text-slate-500">
            {workflow.runCount > 0
              ? `Its ${plural(workflow.runCount, 'run')} stay in the run history, with the versions they ran.`
              : 'It has never been run, so no run history is affected.'}
          </p>
          {error && <p className="text-[13px] text-red-600">{error}</p>}
        </div>
      )}
    </Dialog>
  );
}
