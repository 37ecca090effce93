/** The shapes of the designer store (`store.ts`): its data and its actions. Types only. */
import type { EdgeChange, NodeChange } from '@xyflow/react';
import type { NoteColor, WorkflowDocument } from '@/lib/workflow/document';
import type { Problem } from '@/lib/workflow/validate';
import type { ConnectionLike } from './connect';
import type { Fragment } from './clipboard';
import type { DragOrigin } from './insert';
import type { CanvasNode, NoteFlowNode, WorkflowFlowEdge, WorkflowFlowNode } from './types';

export interface DesignerData {
  workflowId: string | null;
  /** Working document (positions may be stale: see `document()`). */
  doc: WorkflowDocument;
  /** Draft revision the working document is based on (`saveDraft`'s `baseRevision`). */
  revision: number | undefined;
  nodes: WorkflowFlowNode[];
  /** The sticky notes on the canvas (positions and sizes live here during a drag or resize). */
  notes: NoteFlowNode[];
  edges: WorkflowFlowEdge[];
  problems: Problem[];
  /**
   * The first validation of the loaded workflow has not run yet (it was loaded with
   * `checkLater`): `problems` is empty and means nothing until `settleProblems()`.
   */
  problemsPending: boolean;
  /** The node shown in the side panel: the only selected element. */
  selectedNodeId: string | null;
  /** The edge shown in the side panel: the only selected element. */
  selectedEdgeId: string | null;
  /** Number of selected nodes and edges. */
  selectionCount: number;
  /** Number of selected nodes. */
  selectedNodeCount: number;
  /** Number of selected sticky notes (not counted in `selectionCount`). */
  selectedNoteCount: number;
  dirty: boolean;
  changeCount: number;
}

export interface DesignerActions {
  /**
   * Replaces everything with a freshly loaded workflow. `checkLater`: draw it first and
   * validate it later (`problemsPending` until `settleProblems()` or the first edit),
   * so a big workflow is on screen and usable before its expressions are parsed.
   */
  load(workflowId: string, doc: WorkflowDocument, revision: number | undefined, opts?: { checkLater?: boolean }): void;
  /** Runs the pending first validation now (nothing when none is pending); returns the problems. */
  settleProblems(): Problem[];
  /** Forgets the loaded workflow (when the designer closes). */
  reset(): void;
  /** React Flow's node changes, for workflow nodes and sticky notes alike. */
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<WorkflowFlowEdge>[]): void;
  /** Draws an edge; returns why it was refused, or null. */
  connect(c: ConnectionLike): string | null;
  /** Adds a node of `type` with its top-left corner near `at` (snapped, not on top of another node), selects it, returns its id. */
  addNode(type: string, at: { x: number; y: number }): string;
  /** Adds a node of `type` at `at` connected to the handle a connection was dragged from (one undo step); selects it. */
  addConnected(type: string, at: { x: number; y: number }, from: DragOrigin): { id: string } | { error: string };
  /** Puts a new node of `type` in the middle of an edge, rewiring source → new → target (one undo step); selects it. */
  insertOnEdge(edgeId: string, type: string, at: { x: number; y: number }): { id: string } | { error: string };
  /** Adds a sticky note with its top-left corner at `at` (snapped), selects it, returns its id. @throws RangeError past the notes limit. */
  addNote(at: { x: number; y: number }, color?: NoteColor): string;
  /** Changes a note's text or colour; typing into one note coalesces into one undo step. */
  updateNote(id: string, patch: { text?: string; color?: NoteColor }): void;
  updateConfig(nodeId: string, config: Record<string, unknown>): void;
  updateLabel(nodeId: string, label: string): void;
  setName(name: string): void;
  setDescription(description: string): void;
  removeNodes(ids: string[]): void;
  removeEdges(ids: string[]): void;
  /** Selects one node (or none), clearing every other selection. */
  selectNode(id: string | null): void;
  /** Selects these nodes (and no edges), clearing every other selection. */
  selectNodes(ids: readonly string[]): void;
  /** Selects every node (Ctrl/Cmd+A). */
  selectAll(): void;
  /** Removes the selected nodes, notes and edges as one undo step. */
  deleteSelection(): void;
  /** Moves the selected nodes and notes by (dx, dy) px; consecutive nudges are one undo step. */
  nudge(dx: number, dy: number): void;
  /** Pastes a clipboard fragment (see `clipboard.ts`) and selects the pasted nodes; returns their ids. @throws RangeError past the document limits. */
  paste(fragment: Fragment, at?: { x: number; y: number }): string[];
  /** Renames a node id and rewrites every reference to it; returns why it was refused, or null. */
  renameNode(from: string, to: string): string | null;
  /** Replaces the working document with `doc` (a restored version; the workflow keeps its name) as one undo step; marks it unsaved. */
  restore(doc: WorkflowDocument): void;
  /** Undoes the last change of the document (marks it unsaved). */
  undo(): void;
  /** Redoes the last undone change (marks it unsaved). */
  redo(): void;
  /**
   * Lays the whole workflow out top to bottom ("Tidy up") with `layout` (the auto-layout,
   * `lib/layout/auto-layout.ts`, which the designer loads on first use): new positions for
   * every node; marks the state dirty.
   */
  tidyUp(layout: (doc: WorkflowDocument) => WorkflowDocument): void;
  /** The document to save or export: `doc` with positions from the canvas. */
  document(): WorkflowDocument;
  /** Records a successful save of the state at `changeCount` (the count when the save started). */
  markSaved(revision: number, changeCount: number): void;
}

export type DesignerState = DesignerData & DesignerActions;
