'use client';
/**
 * Restoring a version: its document becomes the draft on the canvas (one undo step,
 * unsaved until the next save; the workflow keeps its name), and the history returns
 * to the draft.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { designerStore } from '@/lib/designer/store';
import { parseDocument } from '@/lib/workflow/document';
import { keyLabel } from '../shortcut-keys';
import { toast } from '../toast';
import type { HistoryModel } from './use-versions';

export function useRestoreVersion(model: HistoryModel): (version: number) => Promise<void> {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useCallback(
    async (version: number) => {
      try {
        const raw = await qc.fetchQuery({ ...trpc.workflows.version.queryOptions({ id: model.workflowId, version }), staleTime: Infinity });
        const parsed = parseDocument(raw, { stored: true });
        if (!parsed.success) throw new Error(`v${version} cannot be read: ${parsed.error.issues[0]?.message ?? 'invalid document'}`);
        const before = designerStore.getState().changeCount;
        designerStore.getState().restore(parsed.data);
        model.setView(null);
        if (designerStore.getState().changeCount === before) toast.info(`The draft already matches v${version}`, 'Nothing to restore.');
        else toast.success(`Restored v${version} as the draft`, `Save to keep it, or press ${keyLabel('mod')}+Z to undo.`);
      } catch (err) {
        toast.error('Could not restore', errorMessage(err));
      }
    },
    [qc, trpc, model],
  );
}
