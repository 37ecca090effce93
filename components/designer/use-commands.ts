'use client';
/**
 * Save, publish and export for the open workflow, plus the guards that go with
 * them: Ctrl/Cmd+S, a warning before leaving with unsaved changes, and the conflict
 * state when another tab saved first.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { exportFileName } from '@/lib/designer/format';
import { designerStore, useDesigner } from '@/lib/designer/store';
import { WorkflowDocumentSchema } from '@/lib/workflow/document';
import { hasBlockingProblems } from '@/lib/workflow/validate';
import { toast } from './toast';

export type BlockedAction = 'publish' | 'run';

function isConflict(err: unknown): boolean {
  return (err as { data?: { code?: string } } | null)?.data?.code === 'CONFLICT';
}

export function useDesignerCommands(workflowId: string) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { mutateAsync: saveDraft } = useMutation(trpc.workflows.saveDraft.mutationOptions());
  const { mutateAsync: publishDraft, isPending: publishing } = useMutation(trpc.workflows.publish.mutationOptions());
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<BlockedAction | null>(null);
  const inflight = useRef<Promise<boolean> | null>(null);
  const dirty = useDesigner((s) => s.dirty);

  const refresh = useCallback(
    () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: trpc.workflows.get.queryKey({ id: workflowId }) }),
        qc.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() }),
      ]),
    [qc, trpc, workflowId],
  );

  /** Saves the draft if it changed. `overwrite` saves without `baseRevision` (after a conflict). Resolves to success. */
  const save = useCallback(
    async (opts: { overwrite?: boolean } = {}): Promise<boolean> => {
      while (inflight.current) await inflight.current;
      const s = designerStore.getState();
      if (!s.dirty && !opts.overwrite) return true;
      const parsed = WorkflowDocumentSchema.safeParse(s.document());
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        toast.error('Cannot save', issue.path[0] === 'name' ? 'The workflow needs a name.' : `${issue.path.join('.')}: ${issue.message}`);
        return false;
      }
      const at = s.changeCount;
      const run = (async () => {
        setSaving(true);
        try {
          const r = await saveDraft({ id: workflowId, document: parsed.data, baseRevision: opts.overwrite ? undefined : s.revision });
          designerStore.getState().markSaved(r.draftRevision, at);
          setConflict(null);
          void refresh();
          return true;
        } catch (err) {
          if (isConflict(err)) setConflict(errorMessage(err));
          else toast.error('Could not save', errorMessage(err));
          return false;
        } finally {
          setSaving(false);
        }
      })();
      inflight.current = run;
      try {
        return await run;
      } finally {
        inflight.current = null;
      }
    },
    [saveDraft, workflowId, refresh],
  );

  /** Saves, then publishes the draft as the next version with an optional note. Refused (with the problems shown) while the workflow has errors. */
  const publish = useCallback(async (note?: string): Promise<number | null> => {
    if (hasBlockingProblems(designerStore.getState().settleProblems())) {
      setBlocked('publish');
      return null;
    }
    if (!(await save())) return null;
    try {
      const { version } = await publishDraft({ id: workflowId, ...(note?.trim() ? { note: note.trim() } : {}) });
      void qc.invalidateQueries({ queryKey: trpc.workflows.versions.pathKey() });
      toast.success(`Published v${version}`, 'New runs use this version.');
      await refresh();
      return version;
    } catch (err) {
      toast.error('Could not publish', errorMessage(err));
      return null;
    }
  }, [save, publishDraft, workflowId, refresh, qc, trpc]);

  const exportJson = useCallback(() => {
    const doc = designerStore.getState().document();
    const blob = new Blob([JSON.stringify(doc, null, 2) + '\n'], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = exportFileName(doc.name);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }, []);

  // Ctrl/Cmd+S saves.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save]);

  // Leaving with unsaved changes is guarded by <LeaveGuard/> (leave-guard.tsx).

  return { save, publish, exportJson, saving, publishing, conflict, dismissConflict: () => setConflict(null), blocked, setBlocked };
}

export type DesignerCommands = ReturnType<typeof useDesignerCommands>;
