/**
 * Types of the React Flow view of a workflow document. One React Flow node type
 * (`workflow`) renders every Baton node type; what it draws comes from the registry
 * definition named by `data.nodeType`. Shared by the designer and the live run view.
 */
import type { Edge, Node } from '@xyflow/react';
import type { NoteColor } from '@/lib/workflow/document';

/**
 * Status of a step in a run, as the run view overlays it on a node (see
 * `lib/run-view/node-status.ts`): `retrying` between attempts, `handled` for a
 * failure that left through the `error` port, `compensating`/`compensated` while and
 * after a compensation handler undoes the step.
 */
export type NodeRunStatus = 'pending' | 'running' | 'retrying' | 'waiting' | 'succeeded' | 'handled' | 'failed' | 'compensating' | 'compensated' | 'skipped' | 'cancelled';

/** The run overlay of one node (live run view). */
export interface NodeRunOverlay {
  status: NodeRunStatus;
  /** Attempts made so far (shown when more than one). */
  attempts?: number;
  /** Duration of the last (or current) attempt, milliseconds. */
  durationMs?: number;
  /** One short line under the status: "attempt 2 of 5 · next in 4 s", "waits until 10:42:05", "3 of 10 done". */
  detail?: string;
  /** Makes the detail a link (e.g. to a child run). */
  detailHref?: string;
}

/** Validation problems of one node, as the designer badges them. */
export interface NodeProblemSummary {
  errors: number;
  warnings: number;
  /** The messages, for the badge's tooltip. */
  messages: string[];
}

/** `data` of a canvas node. Config is the document's (the document is the source of truth). */
export interface WorkflowNodeData extends Record<string, unknown> {
  /** Baton node type id (`http`, `userTask`, …), looked up in the registry. */
  nodeType: string;
  /** Display label; empty when the node has none (the type label is shown instead). */
  label: string;
  config: Record<string, unknown>;
  /**
   * Ids of this node's output ports that have at least one edge (sorted; absent when
   * none). Optional side ports (`error`, `compensation`) are labelled only when
   * connected, and hidden in the read-only run view when not.
   */
  connectedPorts?: string[];
  problems?: NodeProblemSummary;
  run?: NodeRunOverlay;
  /** Read-only rendering (run view): no problems badge, handles not connectable. */
  readOnly?: boolean;
}

/** How the run view may highlight an edge. */
export type EdgeRunState = 'taken' | 'active';

export interface WorkflowEdgeData extends Record<string, unknown> {
  /** Label of the source port, set when the source node has several primary outputs (not for `out` or side ports). */
  label?: string;
  run?: EdgeRunState;
}

export type WorkflowFlowNode = Node<WorkflowNodeData, 'workflow'>;
export type WorkflowFlowEdge = Edge<WorkflowEdgeData, 'workflow'>;

/** The React Flow node type key used for every Baton node. */
export const FLOW_NODE_TYPE = 'workflow' as const;
/** The React Flow edge type key used for every Baton edge. */
export const FLOW_EDGE_TYPE = 'workflow' as const;

/** `data` of a sticky note on the canvas (see `notes.ts`). */
export interface NoteNodeData extends Record<string, unknown> {
  text: string;
  color: NoteColor;
  /** Read-only rendering (run view): no editing, no resizing. */
  readOnly?: boolean;
}

export type NoteFlowNode = Node<NoteNodeData, 'note'>;
/** Anything React Flow draws as a node on a Baton canvas: a workflow node or a sticky note. */
export type CanvasNode = WorkflowFlowNode | NoteFlowNode;

/** The React Flow node type key of sticky notes. */
export const FLOW_NOTE_TYPE = 'note' as const;
