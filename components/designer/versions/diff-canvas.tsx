'use client';
/**
 * A read-only canvas of one workflow document, or of the difference between two: the
 * nodes of the newer document, with added nodes outlined green, changed ones amber,
 * moved ones marked, and removed nodes of the older one ghosted red at their old
 * places; added connections green, removed ones red and dashed. The diff look is a
 * thin wrapper around the canvas node ({@link DiffNode}); the node itself is unchanged.
 */
import { Background, BackgroundVariant, Controls, ReactFlow, ReactFlowProvider, type NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { edgeTypes, toFlowEdges, toFlowNodes, WorkflowNode, type WorkflowFlowEdge, type WorkflowFlowNode } from '@/components/nodes';
import { ghostPositions, type DocumentDiff, type NodeDiffStatus } from '@/lib/designer/version-diff';
import type { WorkflowDocument } from '@/lib/workflow/document';

const FIT_VIEW = { padding: 0.15, maxZoom: 1 } as const;

/** Look of each diff status: ring around the card, badge text and colours. */
const LOOK: Record<Exclude<NodeDiffStatus, 'unchanged'>, { ring: string; badge: string; text: string }> = {
  added: { ring: 'outline-2 outline-offset-4 outline-emerald-500', badge: 'bg-emerald-600 text-white', text: 'Added' },
  removed: { ring: 'outline-2 outline-offset-4 outline-dashed outline-red-400', badge: 'bg-red-600 text-white', text: 'Removed' },
  changed: { ring: 'outline-2 outline-offset-4 outline-amber-400', badge: 'bg-amber-500 text-white', text: 'Changed' },
  moved: { ring: 'outline-2 outline-offset-4 outline-dashed outline-sky-400', badge: 'bg-sky-600 text-white', text: 'Moved' },
};

type DiffData = WorkflowFlowNode['data'] & { diff?: { status: NodeDiffStatus; moved: boolean } };

/** The canvas node with its diff ring and badge (status in `data-diff` for tests and styles). */
const DiffNode = memo(function DiffNode(props: NodeProps<WorkflowFlowNode>) {
  const diff = (props.data as DiffData).diff;
  const look = diff && diff.status !== 'unchanged' ? LOOK[diff.status] : null;
  return (
    <div className={`relative rounded-xl ${look?.ring ?? ''}`} data-diff={diff?.status ?? 'none'} data-moved={diff?.moved ? 'true' : undefined}>
      <div className={diff?.status === 'removed' ? 'opacity-45 saturate-50' : undefined}>
        <WorkflowNode {...props} />
      </div>
      {look && (
        <span className="pointer-events-none absolute -top-3 right-3 flex gap-1">
          <span className={`rounded-full px-2 py-0.5 text-[10.5px] font-semibold shadow-sm ${look.badge}`}>{look.text}</span>
          {diff!.moved && diff!.status === 'changed' && <span className={`rounded-full px-2 py-0.5 text-[10.5px] font-semibold shadow-sm ${LOOK.moved.badge}`}>Moved</span>}
        </span>
      )}
    </div>
  );
});

const nodeTypes = { workflow: DiffNode };

/** The removed nodes of `diff`, placed where they do not hide a node of the newer document. */
function ghosts(diff: DocumentDiff | undefined) {
  if (!diff) return [];
  const at = ghostPositions(diff);
  return diff.nodes.filter((n) => n.status === 'removed').map((n) => ({ ...n.before!, position: at.get(n.id) ?? n.before!.position }));
}

interface Props {
  /** The document drawn (the newer one when comparing). */
  doc: WorkflowDocument;
  /** The comparison of an older document with `doc`, when comparing. */
  diff?: DocumentDiff;
  selectedNodeId: string | null;
  onSelectNode: (id: string | null) => void;
  testId?: string;
}

export function DiffCanvas(props: Props) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas({ doc, diff, selectedNodeId, onSelectNode, testId }: Props) {
  const nodes = useMemo((): WorkflowFlowNode[] => {
    const status = new Map(diff?.nodes.map((n) => [n.id, n]) ?? []);
    const removed = ghosts(diff);
    const all = { nodes: [...doc.nodes, ...removed], edges: doc.edges };
    return toFlowNodes(all, (n) => {
      const d = status.get(n.id);
      return { readOnly: true, ...(d ? { diff: { status: d.status, moved: d.moved } } : {}) };
    }).map((n) => ({
      ...n,
      selected: n.id === selectedNodeId,
      draggable: false,
      connectable: false,
      zIndex: status.get(n.id)?.status === 'removed' ? 0 : 1,
      domAttributes: { 'data-testid': `diff-node-${n.id}`, 'data-diff': status.get(n.id)?.status ?? 'none' } as WorkflowFlowNode['domAttributes'],
    }));
  }, [doc, diff, selectedNodeId]);

  const edges = useMemo((): WorkflowFlowEdge[] => {
    const added = new Set(diff?.edges.filter((e) => e.status === 'added').map((e) => e.edge.id) ?? []);
    const removedEdges = diff?.edges.filter((e) => e.status === 'removed').map((e) => ({ ...e.edge, id: `removed:${e.edge.id}` })) ?? [];
    const removedNodes = ghosts(diff);
    const all = { nodes: [...doc.nodes, ...removedNodes], edges: [...doc.edges, ...removedEdges] };
    return toFlowEdges(all).map((e) => {
      const state = e.id.startsWith('removed:') ? 'removed' : added.has(e.id) ? 'added' : 'same';
      const color = state === 'removed' ? '#f87171' : state === 'added' ? '#10b981' : undefined;
      return {
        ...e,
        selectable: false,
        style: color ? { stroke: color, strokeWidth: 2, ...(state === 'removed' ? { strokeDasharray: '6 4', opacity: 0.7 } : {}) } : e.style,
        markerEnd: color && typeof e.markerEnd === 'object' ? { ...e.markerEnd, color } : e.markerEnd,
        domAttributes: { 'data-testid': `diff-edge-${e.id}`, 'data-diff': state } as WorkflowFlowEdge['domAttributes'],
      };
    });
  }, [doc, diff]);

  return (
    <div className="h-full w-full" data-testid={testId}>
      <ReactFlow<WorkflowFlowNode, WorkflowFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        elementsSelectable
        onNodeClick={(_, n) => onSelectNode(n.id)}
        onPaneClick={() => onSelectNode(null)}
        fitView
        fitViewOptions={FIT_VIEW}
        minZoom={0.2}
        maxZoom={2}
        className="bg-slate-50"
      >
        <Background variant={BackgroundVariant.Dots} gap={18} size={1.2} color="#cbd5e1" />
        <Controls showInteractive={false} position="bottom-left" />
      </ReactFlow>
    </div>
  );
}
