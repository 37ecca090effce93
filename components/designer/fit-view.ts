'use client';
/**
 * Fit view for the designer and the run view: all nodes at a readable zoom, or the
 * start of a large workflow (see `lib/designer/fit.ts`). `FitStart` fits once the
 * nodes are measured (instead of React Flow's `fitView` prop, which would shrink a
 * large workflow to an unreadable overview).
 */
import { useNodesInitialized, useReactFlow, useStoreApi, type FitViewOptions } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { FIT_PADDING, nodesToFit, READABLE_ZOOM } from '@/lib/designer/fit';
import { NODE_HEIGHT, NODE_WIDTH } from '@/lib/layout/geometry';
import type { WorkflowDocument } from '@/lib/workflow/document';

/**
 * Above this many nodes (notes included) a canvas renders only what is in view
 * (React Flow's `onlyRenderVisibleElements`): opening a large workflow then costs what
 * is visible; a small one keeps every node in the DOM, which pans cheapest.
 */
export const VISIBLE_ONLY_ABOVE = 150;

/** How the canvas fits the workflow into view: a little margin, never past 100 %, never below the readable zoom. */
export const FIT_VIEW = { padding: FIT_PADDING, maxZoom: 1, minZoom: READABLE_ZOOM } as const;

/** Fit options for `doc` in a view of `width`×`height` px: every node, or the start of a large workflow. */
export function fitOptions(doc: Pick<WorkflowDocument, 'nodes' | 'edges'>, width: number, height: number): FitViewOptions {
  const ids = nodesToFit(doc, { width: NODE_WIDTH, height: NODE_HEIGHT }, { width, height });
  return ids ? { ...FIT_VIEW, nodes: ids.map((id) => ({ id })) } : FIT_VIEW;
}

/** A function that fits `doc` into the current view (for buttons and resizes). */
export function useFitWorkflow() {
  const rf = useReactFlow();
  const store = useStoreApi();
  return (doc: Pick<WorkflowDocument, 'nodes' | 'edges'>, duration?: number) => {
    const { width, height } = store.getState();
    return rf.fitView({ ...fitOptions(doc, width, height), duration });
  };
}

/**
 * Options for React Flow's initial `fitView` (which waits until every node, notes
 * included, is measured): sized from the window, since the pane is not laid out yet.
 */
export function initialFitOptions(doc: Pick<WorkflowDocument, 'nodes' | 'edges'>): FitViewOptions {
  const w = typeof window === 'undefined' ? 1000 : window.innerWidth * 0.6;
  const h = typeof window === 'undefined' ? 700 : window.innerHeight * 0.8;
  return fitOptions(doc, w, h);
}

/** Fits `doc` once, when React Flow has measured its nodes. Render inside `<ReactFlow>`. */
export function FitStart({ doc }: { doc: Pick<WorkflowDocument, 'nodes' | 'edges'> }) {
  const initialized = useNodesInitialized();
  const fit = useFitWorkflow();
  const done = useRef(false);
  useEffect(() => {
    if (!initialized || done.current) return;
    done.current = true;
    void fit(doc);
  }, [initialized, doc, fit]);
  return null;
}
