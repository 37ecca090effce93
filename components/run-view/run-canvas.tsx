'use client';
/**
 * The designer's canvas, read-only, with the run overlaid: every node shows its run
 * status (colour, icon, duration, attempts) and a detail line (retry countdown,
 * timer, child runs, compensation), taken edges are green (an `error` path orange,
 * a `compensation` edge violet and dashed), edges into a running or waiting step
 * animate in the accent colour. Node objects are cached by their overlay so a new
 * log record — or a countdown's tick — re-renders only the nodes it changed. The
 * workflow's sticky notes are shown read-only behind the nodes.
 */
import { Background, BackgroundVariant, Controls, ReactFlow, ReactFlowProvider, useStore, type NodeMouseHandler } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { edgeTypes, toFlowEdges, toFlowNodes, type WorkflowFlowEdge, type WorkflowFlowNode } from '@/components/nodes';
import { canvasNodeTypes } from '@/components/designer/sticky-note';
import { initialFitOptions, useFitWorkflow, VISIBLE_ONLY_ABOVE } from '@/components/designer/fit-view';
import { toFlowNotes } from '@/lib/designer/notes';
import type { CanvasNode } from '@/lib/designer/types';
import type { WorkflowDocument } from '@/lib/workflow/document';
import type { NodeRunInfo } from '@/lib/run-view/node-status';
import type { RunView } from '@/lib/run-view/types';
import { stepDetail } from '@/lib/run-view/overlay';
import { useNow } from '@/components/runs/time';
import { stepSpan } from '@/lib/run-view/step-span';

interface Props {
  doc: WorkflowDocument;
  view: RunView;
  nodes: Record<string, NodeRunInfo>;
  selectedNodeId: string | null;
  onSelectNode: (nodeId: string | null) => void;
}

export function RunCanvas(props: Props) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

const COMPENSATION_STROKE = '#8b5cf6';
const ERROR_STROKE = '#f97316';

function Canvas({ doc, view, nodes: info, selectedNodeId, onSelectNode }: Props) {
  const cache = useRef({ doc, byId: new Map<string, { key: string; node: WorkflowFlowNode }>() });
  // Countdowns ("next in 4 s", "waits until …") tick while the run is active.
  const ticking = view.status === 'running' || view.status === 'waiting' || view.status === 'compensating';
  const clock = useNow(1000, ticking);
  const now = clock || Date.now();
  const labels = useMemo(() => new Map(doc.nodes.map((n) => [n.id, n.label?.trim() || n.id])), [doc]);
  const nodes = useMemo(() => {
    if (cache.current.doc !== doc) cache.current = { doc, byId: new Map() };
    const prev = cache.current.byId;
    const base = toFlowNodes(doc, (n) => {
      const r = info[n.id];
      if (!r) return { readOnly: true };
      const run: NonNullable<WorkflowFlowNode['data']['run']> = { status: r.status };
      if (r.attempts > 0) run.attempts = r.attempts;
      if (r.durationMs !== null) run.durationMs = r.durationMs;
      const step = r.stepId ? view.steps[r.stepId] : undefined;
      if (step) {
        const span = stepSpan(step, now);
        if (span.live) run.durationMs = span.ms;
        const d = stepDetail(step, r.status, now, (id) => labels.get(id) ?? id);
        run.status = d.status;
        if (d.detail) run.detail = d.detail;
        if (d.href) run.detailHref = d.href;
      }
      // A node on a loop says how often it ran (its latest step is what it shows).
      if (!run.detail && r.activations > 1) run.detail = `ran ${r.activations.toLocaleString('en-US')} times`;
      return { readOnly: true, run };
    });
    const next = new Map<string, { key: string; node: WorkflowFlowNode }>();
    const out = base.map((n) => {
      const status = n.data.run?.status ?? 'pending';
      const selected = n.id === selectedNodeId;
      const key = `${JSON.stringify(n.data.run)}|${selected}`;
      const hit = prev.get(n.id);
      if (hit && hit.key === key) {
        next.set(n.id, hit);
        return hit.node;
      }
      const node: WorkflowFlowNode = {
        ...n,
        selected,
        draggable: false,
        connectable: false,
        className: `run-${status}`,
        domAttributes: {
          'data-testid': `node-status-${n.id}`,
          'data-status': status,
          ...(n.data.run?.detail ? { 'data-detail': n.data.run.detail } : {}),
        } as WorkflowFlowNode['domAttributes'],
      };
      next.set(n.id, { key, node });
      return node;
    });
    cache.current.byId = next;
    return out;
    // `now` only matters to nodes with a countdown; the others keep their cached objects.
  }, [doc, info, selectedNodeId, view.steps, now, labels]);

  const edges = useMemo(
    (): WorkflowFlowEdge[] =>
      toFlowEdges(doc, (e) => (view.active.has(e.id) ? { run: 'active' } : view.taken.has(e.id) ? { run: 'taken' } : undefined)).map((e) => {
        const active = view.active.has(e.id);
        const taken = view.taken.has(e.id);
        const port = e.sourceHandle ?? 'out';
        // Compensation edges are not normal flow: always dashed, violet once a handler ran through them.
        // A taken error path is orange: the run went on, but not the way it was meant to.
        const special = port === 'compensation' ? COMPENSATION_STROKE : port === 'error' ? ERROR_STROKE : null;
        const style = {
          ...(port === 'compensation' ? { strokeDasharray: '6 4' } : {}),
          ...(special && (taken || active) ? { stroke: special } : {}),
        };
        const markerEnd = special && (taken || active) && typeof e.markerEnd === 'object' ? { ...e.markerEnd, color: special } : e.markerEnd;
        return {
          ...e,
          style,
          markerEnd,
          animated: active,
          selectable: false,
          zIndex: active ? 2 : taken ? 1 : 0,
          domAttributes: { 'data-testid': `edge-${e.id}`, 'data-run': active ? 'active' : taken ? 'taken' : 'none', 'data-port': port } as WorkflowFlowEdge['domAttributes'],
        };
      }),
    [doc, view.active, view.taken],
  );

  const notes = useMemo(() => toFlowNotes(doc, { readOnly: true }).map((n) => ({ ...n, draggable: false, selectable: false, focusable: false })), [doc]);
  const all = useMemo<CanvasNode[]>(() => (notes.length ? [...notes, ...nodes] : nodes), [notes, nodes]);
  const fitAtStart = useMemo(() => initialFitOptions(doc), [doc]);
  const onNodeClick: NodeMouseHandler<CanvasNode> = (_, node) => {
    if (node.type !== 'note') onSelectNode(node.id);
  };

  return (
    <ReactFlow<CanvasNode, WorkflowFlowEdge>
      nodes={all}
      edges={edges}
      nodeTypes={canvasNodeTypes}
      edgeTypes={edgeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      onNodeClick={onNodeClick}
      onPaneClick={() => onSelectNode(null)}
      fitView
      fitViewOptions={fitAtStart}
      // A large run keeps only the nodes and edges in view in the DOM (a 500-node run pans like a small one).
      onlyRenderVisibleElements={all.length > VISIBLE_ONLY_ABOVE}
      minZoom={0.2}
      maxZoom={2}
      className="bg-slate-50"
    >
      <FitOnResize doc={doc} />
      <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color="#cbd5e1" />
      <Controls showInteractive={false} position="bottom-left" />
    </ReactFlow>
  );
}

/**
 * Refits the view when the document changes (first load) or the canvas is resized
 * (side panel toggled, window resized): React Flow's `fitView` prop only runs on init.
 */
function FitOnResize({ doc }: { doc: WorkflowDocument }) {
  const fit = useFitWorkflow();
  const nodeCount = doc.nodes.length;
  const domNode = useStore((s) => s.domNode);
  useEffect(() => {
    if (!domNode || nodeCount === 0) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = '';
    const ro = new ResizeObserver(([entry]) => {
      const size = `${Math.round(entry!.contentRect.width)}x${Math.round(entry!.contentRect.height)}`;
      if (size === last) return;
      last = size;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void fit(doc, 150), 60);
    });
    ro.observe(domNode);
    return () => {
      ro.disconnect();
      if (timer) clearTimeout(timer);
    };
    // `fit` is a new function each render; the observer needs only the document.
  }, [domNode, nodeCount, doc]);
  return null;
}
