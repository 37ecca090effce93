'use client';
/**
 * Data and state of the version history: the paged list of versions, the document of
 * a version or of the draft being edited, and what the history shows (the list, one
 * version read-only, or a comparison of two documents).
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { withFlowPositions } from '@/lib/designer/flow';
import { useTRPC } from '@/lib/trpc/client';
import { designerStore, useDesigner } from '@/lib/designer/store';
import type { DocumentDiff } from '@/lib/designer/version-diff';
import type { WorkflowDocument } from '@/lib/workflow/document';

/** A version number, or the draft being edited (unsaved changes included). */
export type DocRef = number | 'draft';

/** What the history shows on the canvas: nothing (the draft is edited), one version, or a comparison. */
export type HistoryView = { kind: 'view'; version: number } | { kind: 'compare'; from: DocRef; to: DocRef } | null;

/** Versions per page in the panel. */
const PAGE = 50;

/** "v3" or "Draft". */
export function refLabel(r: DocRef): string {
  return r === 'draft' ? 'Draft' : `v${r}`;
}

/** The version history, newest first, in pages (`fetchNextPage` for older ones). */
export function useVersionList(workflowId: string) {
  const trpc = useTRPC();
  const q = useInfiniteQuery(trpc.workflows.versions.infiniteQueryOptions({ id: workflowId, limit: PAGE }, { getNextPageParam: (p) => p.nextCursor ?? undefined }));
  return { ...q, versions: q.data?.pages.flatMap((p) => p.versions) ?? [] };
}

/**
 * The document behind `ref`: a published version (fetched once; versions never change)
 * or the draft as it is on the canvas now. `undefined` while loading.
 */
export function useDocument(workflowId: string, ref: DocRef | null): { doc: WorkflowDocument | undefined; error: unknown } {
  const trpc = useTRPC();
  const draft = useDesigner((s) => (ref === 'draft' ? s.doc : null));
  const nodes = useDesigner((s) => (ref === 'draft' ? s.nodes : null));
  const q = useQuery({
    ...trpc.workflows.version.queryOptions({ id: workflowId, version: typeof ref === 'number' ? ref : 1 }),
    enabled: typeof ref === 'number',
    staleTime: Infinity,
  });
  const draftDoc = useMemo(() => (draft && nodes ? withFlowPositions(draft, nodes) : undefined), [draft, nodes]);
  if (ref === 'draft') return { doc: draftDoc, error: null };
  return { doc: q.data, error: q.error };
}

type Differ = typeof import('@/lib/designer/version-diff').diffDocuments;

/**
 * `diffDocuments`, loaded on first use (the JSON diff library stays off the designer's
 * first load); undefined until `wanted` was true once and the module arrived.
 */
export function useDiffer(wanted: boolean): Differ | undefined {
  const [differ, setDiffer] = useState<{ fn: Differ } | undefined>(undefined);
  useEffect(() => {
    if (!wanted || differ) return;
    let live = true;
    void import('@/lib/designer/version-diff').then((m) => live && setDiffer({ fn: m.diffDocuments }));
    return () => {
      live = false;
    };
  }, [wanted, differ]);
  return differ?.fn;
}

/**
 * Everything the history shows, computed once for the canvas overlay and the panel:
 * whether the panel is open, the current view, the node selected in it, the documents
 * on either side and their diff.
 */
export function useHistoryModel(workflowId: string) {
  const [open, setOpen] = useState(false);
  const [view, setViewState] = useState<HistoryView>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const shown: DocRef | null = view?.kind === 'view' ? view.version : view?.kind === 'compare' ? view.to : null;
  const base: DocRef | null = view?.kind === 'compare' ? view.from : null;
  const to = useDocument(workflowId, shown);
  const from = useDocument(workflowId, base);
  const differ = useDiffer(Boolean(base !== null));
  const diff = useMemo<DocumentDiff | undefined>(() => (differ && from.doc && to.doc ? differ(from.doc, to.doc) : undefined), [differ, from.doc, to.doc]);
  const setView = useCallback((v: HistoryView) => {
    setSelected(null);
    setViewState(v);
    // Nothing stays selected on the draft's canvas behind the read-only one (keys would act on it).
    if (v) designerStore.getState().selectNode(null);
  }, []);
  const close = useCallback(() => {
    setOpen(false);
    setView(null);
  }, [setView]);
  return { workflowId, open, setOpen, close, view, setView, selected, setSelected, from: from.doc, to: to.doc, error: to.error ?? from.error, diff };
}

export type HistoryModel = ReturnType<typeof useHistoryModel>;
