/**
 * The designer's state: the working document, React Flow's nodes and edges, the
 * live problems, selection and the dirty flag. Every action is a `set` around pure
 * helpers (`applyNodeChanges`, `lib/designer/doc-ops`, `lib/designer/flow`).
 *
 * Invariants:
 * - `doc` is the source of truth for node types, labels, config, edges, name and
 *   description; `nodes` carry the positions while editing (`document()` merges them).
 * - `nodes`/`edges` are derived from `doc` by `syncFlowNodes`/`syncFlowEdges`, which
 *   keep unchanged objects, so memoised node components re-render only when needed.
 * - `problems` is `validateWorkflow(doc)`, recomputed only when nodes or edges change.
 * - `changeCount` increases on every edit; a save records the count it saved, so an
 *   edit made while the save was in flight keeps the document dirty.
 */
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { autoLayout } from '@/lib/layout/auto-layout';
import { emptyDocument, type WorkflowDocument } from '@/lib/workflow/document';
import { validateWorkflow, type Problem } from '@/lib/workflow/validate';
import { connectionError, connectionToEdge, type ConnectionLike } from './connect';
import { addEdge, addNode, freePosition, removeEdges, removeNodes, updateNodeConfig, updateNodeLabel } from './doc-ops';
import { problemsByNode, syncFlowEdges, syncFlowNodes, toFlowEdges, toFlowNodes, withFlowPositions } from './flow';
import type { WorkflowFlowEdge, WorkflowFlowNode } from './types';

/** Grid the canvas snaps to; new nodes are placed on it too. */
export const GRID = 16;

export interface DesignerData {
  workflowId: string | null;
  /** Working document (positions may be stale: see `document()`). */
  doc: WorkflowDocument;
  /** Draft revision the working document is based on (`saveDraft`'s `baseRevision`). */
  revision: number | undefined;
  nodes: WorkflowFlowNode[];
  edges: WorkflowFlowEdge[];
  problems: Problem[];
  /** The node shown in the side panel: the only selected element. */
  selectedNodeId: string | null;
  /** The edge shown in the side panel: the only selected element. */
  selectedEdgeId: string | null;
  /** Number of selected nodes and edges. */
  selectionCount: number;
  dirty: boolean;
  changeCount: number;
}

export interface DesignerActions {
  /** Replaces everything with a freshly loaded workflow. */
  load(workflowId: string, doc: WorkflowDocument, revision: number | undefined): void;
  /** Forgets the loaded workflow (when the designer closes). */
  reset(): void;
  onNodesChange(changes: NodeChange<WorkflowFlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<WorkflowFlowEdge>[]): void;
  /** Draws an edge; returns why it was refused, or null. */
  connect(c: ConnectionLike): string | null;
  /** Adds a node of `type` with its top-left corner near `at` (snapped, not on top of another node), selects it, returns its id. */
  addNode(type: string, at: { x: number; y: number }): string;
  updateConfig(nodeId: string, config: Record<string, unknown>): void;
  updateLabel(nodeId: string, label: string): void;
  setName(name: string): void;
  setDescription(description: string): void;
  removeNodes(ids: string[]): void;
  removeEdges(ids: string[]): void;
  /** Selects one node (or none), clearing every other selection. */
  selectNode(id: string | null): void;
  /** Lays the whole workflow out top to bottom ("Tidy up"): new positions for every node; marks the state dirty. */
  tidyUp(): void;
  /** The document to save or export: `doc` with positions from the canvas. */
  document(): WorkflowDocument;
  /** Records a successful save of the state at `changeCount` (the count when the save started). */
  markSaved(revision: number, changeCount: number): void;
}

export type DesignerState = DesignerData & DesignerActions;

function selectionOf(nodes: readonly WorkflowFlowNode[], edges: readonly WorkflowFlowEdge[]) {
  const selNodes = nodes.filter((n) => n.selected);
  const selEdges = edges.filter((e) => e.selected);
  const count = selNodes.length + selEdges.length;
  return {
    selectedNodeId: count === 1 && selNodes.length === 1 ? selNodes[0]!.id : null,
    selectedEdgeId: count === 1 && selEdges.length === 1 ? selEdges[0]!.id : null,
    selectionCount: count,
  };
}

/** State derived from a new document (the canvas keeps positions and selection of existing nodes). */
function derive(s: Pick<DesignerData, 'doc' | 'nodes' | 'edges' | 'problems'>, doc: WorkflowDocument) {
  const problems = doc.nodes === s.doc.nodes && doc.edges === s.doc.edges ? s.problems : validateWorkflow(doc);
  const nodes = syncFlowNodes(s.nodes, doc, problemsByNode(problems));
  const edges = syncFlowEdges(s.edges, doc);
  return { doc, problems, nodes, edges, ...selectionOf(nodes, edges) };
}

function initialData(): DesignerData {
  return {
    workflowId: null,
    doc: emptyDocument('Untitled'),
    revision: undefined,
    nodes: [],
    edges: [],
    problems: [],
    selectedNodeId: null,
    selectedEdgeId: null,
    selectionCount: 0,
    dirty: false,
    changeCount: 0,
  };
}

/** A new designer store (one per designer; tests make their own). */
export function createDesignerStore(): StoreApi<DesignerState> {
  return createStore<DesignerState>()((set, get) => {
    /** Applies an edited document and marks the state dirty. */
    const edit = (f: (s: DesignerState) => WorkflowDocument) =>
      set((s) => {
        const doc = f(s);
        if (doc === s.doc) return s;
        return { ...derive(s, doc), dirty: true, changeCount: s.changeCount + 1 };
      });

    return {
      ...initialData(),

      load(workflowId, doc, revision) {
        const problems = validateWorkflow(doc);
        const byNode = problemsByNode(problems);
        const nodes = toFlowNodes(doc, (n) => (byNode.has(n.id) ? { problems: byNode.get(n.id) } : undefined));
        set({ ...initialData(), workflowId, doc, revision, problems, nodes, edges: toFlowEdges(doc) });
      },

      reset: () => set(initialData()),

      onNodesChange(changes) {
        set((s) => {
          const nodes = applyNodeChanges(changes, s.nodes);
          const removed = changes.flatMap((c) => (c.type === 'remove' ? [c.id] : []));
          const moved = changes.some((c) => c.type === 'position' && c.position);
          if (removed.length) {
            const doc = removeNodes(s.doc, removed);
            return { ...derive({ ...s, nodes }, doc), dirty: true, changeCount: s.changeCount + 1 };
          }
          return { nodes, ...selectionOf(nodes, s.edges), ...(moved ? { dirty: true, changeCount: s.changeCount + 1 } : {}) };
        });
      },

      onEdgesChange(changes) {
        set((s) => {
          const edges = applyEdgeChanges(changes, s.edges);
          const removed = changes.flatMap((c) => (c.type === 'remove' ? [c.id] : []));
          if (removed.length) {
            const doc = removeEdges(s.doc, removed);
            return { ...derive({ ...s, edges }, doc), dirty: true, changeCount: s.changeCount + 1 };
          }
          return { edges, ...selectionOf(s.nodes, edges) };
        });
      },

      connect(c) {
        const err = connectionError(get().doc, c);
        if (err) return err;
        edit((s) => addEdge(s.doc, connectionToEdge(s.doc, c)));
        return null;
      },

      addNode(type, at) {
        const s = get();
        const snapped = { x: Math.round(at.x / GRID) * GRID, y: Math.round(at.y / GRID) * GRID };
        const position = freePosition(
          s.nodes.map((n) => n.position),
          snapped,
          GRID,
        );
        const { doc, node } = addNode(s.doc, type, position);
        set((cur) => {
          const base = { ...cur, nodes: cur.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), edges: cur.edges.map((e) => (e.selected ? { ...e, selected: false } : e)) };
          const d = derive(base, doc);
          const nodes = d.nodes.map((n) => (n.id === node.id ? { ...n, selected: true } : n));
          return { ...d, nodes, ...selectionOf(nodes, d.edges), dirty: true, changeCount: cur.changeCount + 1 };
        });
        return node.id;
      },

      updateConfig: (nodeId, config) => edit((s) => updateNodeConfig(s.doc, nodeId, config)),
      updateLabel: (nodeId, label) => edit((s) => updateNodeLabel(s.doc, nodeId, label)),
      setName: (name) => edit((s) => (s.doc.name === name ? s.doc : { ...s.doc, name })),
      setDescription: (description) => edit((s) => (s.doc.description === description ? s.doc : { ...s.doc, description })),
      removeNodes: (ids) => edit((s) => removeNodes(s.doc, ids)),
      removeEdges: (ids) => edit((s) => removeEdges(s.doc, ids)),

      selectNode(id) {
        set((s) => {
          const nodes = s.nodes.map((n) => ((n.id === id) === !!n.selected ? n : { ...n, selected: n.id === id }));
          const edges = s.edges.map((e) => (e.selected ? { ...e, selected: false } : e));
          return { nodes, edges, ...selectionOf(nodes, edges) };
        });
      },

      tidyUp() {
        set((s) => {
          if (s.nodes.length === 0) return s;
          const doc = autoLayout(withFlowPositions(s.doc, s.nodes));
          const at = new Map(doc.nodes.map((n) => [n.id, n.position]));
          const nodes = s.nodes.map((n) => {
            const p = at.get(n.id);
            return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: { ...p } } : n;
          });
          if (nodes.every((n, i) => n === s.nodes[i])) return s;
          return { doc, nodes, dirty: true, changeCount: s.changeCount + 1 };
        });
      },

      document: () => withFlowPositions(get().doc, get().nodes),

      markSaved(revision, changeCount) {
        set((s) => ({ revision, dirty: s.changeCount !== changeCount }));
      },
    };
  });
}

/** The designer store of the page (one designer is open at a time). */
export const designerStore = createDesignerStore();

/** Selects from the page's designer store. */
export function useDesigner<T>(selector: (s: DesignerState) => T): T {
  return useStore(designerStore, selector);
}
