'use client';
/**
 * The first validation of a workflow the designer opened with `checkLater` (see the
 * store's `problemsPending`), run in slices of idle time after the canvas is drawn:
 * each slice runs the node-local checks (config schema, JSONata syntax) of as many
 * nodes as fit in {@link SLICE_MS}, then yields, so panning, dragging and clicking are
 * handled between slices. When every node is checked the store's `settleProblems()`
 * runs the graph checks (quick, the node checks being cached) and shows the problems.
 * An edit before that validates at once (the store does), which ends this. Checking
 * starts once React Flow has its nodes and two frames have been drawn, so it does not
 * compete with the first render and the initial fit view.
 */
import { useNodesInitialized } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { designerStore, useDesigner } from '@/lib/designer/store';
import { warmNodeChecks } from '@/lib/workflow/validate';

/** Longest slice of checking between two yields, ms (well under the 50 ms of a long task). */
export const SLICE_MS = 8;
/** Checking starts after this long even when React Flow has not reported its nodes initialized, ms. */
const START_ANYWAY_MS = 2000;
/** An idle callback waits at most this long before it runs anyway, ms (a busy page still gets its problems). */
const IDLE_TIMEOUT_MS = 250;

type Cancel = () => void;

/** Runs `f` when the browser is idle (`requestIdleCallback`), or after a zero timeout where there is none. */
function whenIdle(f: () => void): Cancel {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(f, { timeout: IDLE_TIMEOUT_MS });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(f, 0);
  return () => window.clearTimeout(id);
}

/** Checks the loaded workflow in idle slices while its first validation is pending. */
export function useDeferredChecks(): void {
  const pending = useDesigner((s) => s.problemsPending);
  const initialized = useNodesInitialized();
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!pending) return;
    const id = window.setTimeout(() => setLate(true), START_ANYWAY_MS);
    return () => window.clearTimeout(id);
  }, [pending]);
  const drawn = initialized || late;
  useEffect(() => {
    if (!pending || !drawn) return;
    let nodes = designerStore.getState().doc.nodes;
    let next = 0;
    let cancel: Cancel = () => undefined;
    const slice = () => {
      const s = designerStore.getState();
      if (!s.problemsPending) return;
      // Moved or tidied nodes are new objects around the same configs: starting over only finds them cached.
      if (s.doc.nodes !== nodes) {
        nodes = s.doc.nodes;
        next = 0;
      }
      const end = performance.now() + SLICE_MS;
      next = warmNodeChecks(nodes, next, () => performance.now() < end);
      if (next < nodes.length) cancel = whenIdle(slice);
      else s.settleProblems();
    };
    // Two frames: the one React Flow is about to draw with the nodes, then the fitted view.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        cancel = whenIdle(slice);
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      cancel();
    };
  }, [pending, drawn]);
}
