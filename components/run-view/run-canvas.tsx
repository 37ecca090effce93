'use client';
/**
 * The designer's canvas, read-only, with the run overlaid: every node shows its run
 * status (colour, icon, duration, attempts), taken edges are green, edges into a
 * running or waiting step animate in the accent colour. Node objects are cached by
 * their overlay so a new log record re-renders only the nodes it changed.
 */
import { Background, BackgroundVariant, Controls, ReactFlow, ReactFlowProvider, useReactFlow, useStore, type NodeMouseHandler } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { edgeTypes, nodeTypes, toFlowEdges, toFlowNodes, type WorkflowFlowEdge, type WorkflowFlowNode } from '@/components/nodes';
import type { WorkflowDocument } from '@/lib/workflow/document';
import type { NodeRunInfo } from '@/lib/run-view/node-status';
import type { RunView } from '@/lib/run-view/types';

/** Fit with a little margin; a small workflow is not blown up past 100 %. */
const FIT_VIEW = { padding: 0.15, maxZoom: 1 } as const;

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

function Canvas({ doc, view, nodes: info, selectedNodeId, onSelectNode }: Props) {
  const cache = useRef({ doc, byId: new Map<string, { key: string; node: WorkflowFlowNode }>() });
  const nodes = useMemo(() => {
    if (cache.current.doc !== doc) cache.current = { doc, byId: new Map() };
    const prev = cache.current.byId;
    const base = toFlowNodes(doc, (n) => {
      const r = info[n.id];
      if (!r) return { readOnly: true };
      const run: NonNullable<WorkflowFlowNode['data']['run']> = { status: r.status };
      if (r.attempts > 0) run.attempts = r.attempts;
      if (r.durationMs !== null) run.durationMs = r.durationMs;
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
        domAttributes: { 'data-testid': `node-status-${n.id}`, 'data-status': status } as WorkflowFlowNode['domAttributes'],
      };
      next.set(n.id, { key, node });
      return node;
    });
    cache.current.byId = next;
    return out;
  }, [doc, info, selectedNodeId]);

  const edges = useMemo(
    (): WorkflowFlowEdge[] =>
      toFlowEdges(doc, (e) => (view.active.has(e.id) ? { run: 'active' } : view.taken.has(e.id) ? { run: 'taken' } : undefined)).map((e) => {
        const active = view.active.has(e.id);
        return {
          ...e,
          animated: active,
          selectable: false,
          zIndex: active ? 2 : view.taken.has(e.id) ? 1 : 0,
          domAttributes: { 'data-testid': `edge-${e.id}`, 'data-run': active ? 'active' : view.taken.has(e.id) ? 'taken' : 'none' } as WorkflowFlowEdge['domAttributes'],
        };
      }),
    [doc, view.active, view.taken],
  );

  const onNodeClick: NodeMouseHandler<WorkflowFlowNode> = (_, node) => onSelectNode(node.id);

  return (
    <ReactFlow<WorkflowFlowNode, WorkflowFlowEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      onNodeClick={onNodeClick}
      onPaneClick={() => onSelectNode(null)}
      fitView
      fitViewOptions={FIT_VIEW}
      minZoom={0.2}
      maxZoom={2}
      className="bg-slate-50"
    >
      <FitOnResize nodeCount={doc.nodes.length} />
      <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color="#cbd5e1" />
      <Controls showInteractive={false} position="bottom-left" />
    </ReactFlow>
  );
}

/**
 * Refits the view when the document changes (first load) or the canvas is resized
 * (side panel toggled, window resized): React Flow's `fitView` prop only runs on init.
 */
function FitOnResize({ nodeCount }: { nodeCount: number }) {
  const rf = useReactFlow();
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
      timer = setTimeout(() => void rf.fitView({ ...FIT_VIEW, duration: 150 }), 60);
    });
    ro.observe(domNode);
    return () => {
      ro.disconnect();
      if (timer) clearTimeout(timer);
    };
  }, [domNode, nodeCount, rf]);
  return null;
}
