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
 * - `problems` is `validateWorkflow(doc)`, recomputed only when nodes or edges change;
 *   except while `problemsPending` (a workflow loaded with `checkLater`, whose first
 *   validation runs in idle time: `problems` is empty until `settleProblems()`; the first
 *   edit validates at once).
 * - `changeCount` increases on every edit; a save records the count it saved, so an
 *   edit made while the save was in flight keeps the document dirty.
 * - `doc` holds the positions too, except during a drag: a drag moves `nodes` only and
 *   is written into `doc` once, when it ends (one undo step per drag).
 * - Sticky notes (`doc.notes`) are drawn as React Flow nodes too but kept in `notes`,
 *   apart from `nodes`: the validator, the selection counts and the clipboard see only
 *   workflow nodes. React Flow's changes are split between the two by id.
 * - Undo history (zundo, `store.temporal`) records `{ doc }` only (see `history.ts`);
 *   the run overlay of the run view never enters this store.
 */
import { applyEdgeChanges, applyNodeChanges, type NodeChange } from '@xyflow/react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { temporal, type TemporalState } from 'zundo';
import { emptyDocument, type WorkflowDocument } from '@/lib/workflow/document';
import { validateWorkflow } from '@/lib/workflow/validate';
import { connectionError, connectionToEdge } from './connect';
import { pasteFragment } from './clipboard';
import { addEdge, addNode, freePosition, removeEdges, removeNodes, updateNodeConfig, updateNodeLabel } from './doc-ops';
import { commitPositions, problemsByNode, syncFlowEdges, syncFlowNodes, syncPositions, toFlowEdges, toFlowNodes, withFlowPositions } from './flow';
import { configEditKey, HISTORY_LIMIT, sameJson } from './history';
import { renameNodeId } from './rename';
import { addConnectedNode, insertOnEdge, type InsertResult } from './insert';
import { addNote, commitNotes, removeNotes as removeDocNotes, syncFlowNotes, toFlowNotes, updateNote } from './notes';
import type { CanvasNode, NoteFlowNode, WorkflowFlowEdge, WorkflowFlowNode } from './types';
import type { DesignerData, DesignerState } from './store-types';

export type { DesignerActions, DesignerData, DesignerState } from './store-types';

/** Grid the canvas snaps to; new nodes are placed on it too. */
export const GRID = 16;

function selectionOf(nodes: readonly WorkflowFlowNode[], edges: readonly WorkflowFlowEdge[]) {
  const selNodes = nodes.filter((n) => n.selected);
  const selEdges = edges.filter((e) => e.selected);
  const count = selNodes.length + selEdges.length;
  return {
    selectedNodeId: count === 1 && selNodes.length === 1 ? selNodes[0]!.id : null,
    selectedEdgeId: count === 1 && selEdges.length === 1 ? selEdges[0]!.id : null,
    selectionCount: count,
    selectedNodeCount: selNodes.length,
  };
}

/** Nodes and edges with exactly the nodes `ids` selected (objects kept where unchanged). */
function withSelection(nodes: readonly WorkflowFlowNode[], edges: readonly WorkflowFlowEdge[], ids: ReadonlySet<string>) {
  const n = nodes.map((x) => (ids.has(x.id) === !!x.selected ? x : { ...x, selected: ids.has(x.id) }));
  const e = edges.map((x) => (x.selected ? { ...x, selected: false } : x));
  return { nodes: n, edges: e, ...selectionOf(n, e) };
}

/** State derived from a new document (the canvas keeps positions and selection of existing nodes). */
function derive(s: Pick<DesignerData, 'doc' | 'nodes' | 'notes' | 'edges' | 'problems' | 'problemsPending'>, doc: WorkflowDocument) {
  const problems = !s.problemsPending && doc.nodes === s.doc.nodes && doc.edges === s.doc.edges ? s.problems : validateWorkflow(doc);
  const nodes = syncFlowNodes(s.nodes, doc, problemsByNode(problems));
  const edges = syncFlowEdges(s.edges, doc);
  const notes = doc.notes === s.doc.notes ? s.notes : syncFlowNotes(s.notes, doc);
  return { doc, problems, problemsPending: false, nodes, notes, edges, ...selectionOf(nodes, edges), selectedNoteCount: notes.filter((n) => n.selected).length };
}

function initialData(): DesignerData {
  return {
    workflowId: null,
    doc: emptyDocument('Untitled'),
    revision: undefined,
    nodes: [],
    notes: [],
    edges: [],
    problems: [],
    problemsPending: false,
    selectedNodeId: null,
    selectedEdgeId: null,
    selectionCount: 0,
    selectedNodeCount: 0,
    selectedNoteCount: 0,
    dirty: false,
    changeCount: 0,
  };
}

/** The designer store with its undo history (`store.temporal`, zundo). */
export type DesignerStore = StoreApi<DesignerState> & { temporal: StoreApi<TemporalState<Pick<DesignerState, 'doc'>>> };

/** A new designer store (one per designer; tests make their own). */
export function createDesignerStore(): DesignerStore {
  return createStore<DesignerState>()(
    temporal(
      (set, get, api) => {
        const history = () => (api as unknown as DesignerStore).temporal.getState();
        /** Key of the last edit, for coalescing (see `history.ts`). */
        let lastKey: string | undefined;
        /** A drag is in progress: positions live in `nodes` until it ends. */
        let dragging = false;

        /** Applies an edited document, marks the state dirty; `key` merges it into the previous undo step when the keys match. */
        const edit = (f: (s: DesignerState) => WorkflowDocument, key?: string, extra?: (s: DesignerState, d: ReturnType<typeof derive>) => Partial<DesignerState>) => {
          const merge = key !== undefined && key === lastKey;
          let changed = false;
          if (merge) history().pause();
          try {
            set((s) => {
              const doc = f(s);
              if (doc === s.doc) return s;
              changed = true;
              const d = derive(s, doc);
              return { ...d, ...extra?.(s, d), dirty: true, changeCount: s.changeCount + 1 };
            });
          } finally {
            if (merge) history().resume();
          }
          if (changed) lastKey = key;
        };

        /** Rebuilds the canvas from `doc` after undo/redo (positions included) and marks the state dirty. */
        const resync = () =>
          set((s) => {
            const problems = validateWorkflow(s.doc);
            const nodes = syncPositions(syncFlowNodes(s.nodes, s.doc, problemsByNode(problems)), s.doc);
            const edges = syncFlowEdges(s.edges, s.doc);
            const notes = syncFlowNotes(s.notes, s.doc, true);
            return {
              problems,
              problemsPending: false,
              nodes,
              notes,
              edges,
              ...selectionOf(nodes, edges),
              selectedNoteCount: notes.filter((n) => n.selected).length,
              dirty: true,
              changeCount: s.changeCount + 1,
            };
          });

        /** Runs an insert helper at `at` (snapped, moved off other nodes) as one edit and selects the new node. */
        const applyInsert = (f: (doc: WorkflowDocument, at: { x: number; y: number }) => InsertResult, at: { x: number; y: number }) => {
          const s = get();
          const snapped = { x: Math.round(at.x / GRID) * GRID, y: Math.round(at.y / GRID) * GRID };
          const position = freePosition(s.nodes.map((n) => n.position), snapped, GRID);
          const r = f(committed(s), position);
          if (!r.ok) return { error: r.error };
          edit(
            () => r.doc,
            undefined,
            (_, d) => ({ ...withSelection(d.nodes, d.edges, new Set([r.node.id])), ...notesSelected(d.notes, new Set()) }),
          );
          return { id: r.node.id };
        };
        const selectedIds = () => get().nodes.filter((n) => n.selected).map((n) => n.id);
        /** The document with the canvas' positions of nodes and notes (and the notes' sizes). */
        const committed = (s: DesignerState) => commitNotes(commitPositions(s.doc, s.nodes), s.notes);
        /** Notes with exactly `ids` selected. */
        const notesSelected = (notes: NoteFlowNode[], ids: ReadonlySet<string>) => {
          const next = notes.map((n) => (ids.has(n.id) === !!n.selected ? n : { ...n, selected: ids.has(n.id) }));
          return { notes: next, selectedNoteCount: next.filter((n) => n.selected).length };
        };

        return {
          ...initialData(),

          load(workflowId, doc, revision, opts) {
            const later = opts?.checkLater === true && doc.nodes.length > 0;
            const problems = later ? [] : validateWorkflow(doc);
            const byNode = problemsByNode(problems);
            const nodes = toFlowNodes(doc, (n) => (byNode.has(n.id) ? { problems: byNode.get(n.id) } : undefined));
            set({ ...initialData(), workflowId, doc, revision, problems, problemsPending: later, nodes, notes: toFlowNotes(doc), edges: toFlowEdges(doc) });
            history().clear();
            lastKey = undefined;
          },

          settleProblems() {
            const s = get();
            if (!s.problemsPending) return s.problems;
            const problems = validateWorkflow(s.doc);
            set({ problems, problemsPending: false, nodes: syncFlowNodes(s.nodes, s.doc, problemsByNode(problems)) });
            return problems;
          },

          reset() {
            set(initialData());
            history().clear();
            lastKey = undefined;
          },

          onNodesChange(all) {
            if (all.some((c) => c.type === 'select')) lastKey = undefined;
            const noteIds = new Set(get().notes.map((n) => n.id));
            const isNote = (c: NodeChange<CanvasNode>) => 'id' in c && noteIds.has(c.id);
            const noteChanges = all.filter(isNote) as NodeChange<NoteFlowNode>[];
            const changes = all.filter((c) => !isNote(c)) as NodeChange<WorkflowFlowNode>[];
            const removed = changes.flatMap((c) => (c.type === 'remove' ? [c.id] : []));
            const positions = all.filter((c) => c.type === 'position');
            // Resizing a note by its top or left edge moves it too: those moves end with the resize, not on their own.
            const resizing = noteChanges.some((c) => c.type === 'dimensions' && c.resizing === true);
            const ended = !resizing && positions.some((c) => c.type === 'position' && !c.dragging);
            // A note's resize ends with a `dimensions` change whose `resizing` is false (plain measurements carry no flag).
            const resized = noteChanges.some((c) => c.type === 'dimensions' && c.resizing === false);
            const wasDrag = dragging;
            if (positions.some((c) => c.type === 'position' && c.dragging)) dragging = true;
            if (ended) dragging = false;
            set((s) => {
              const notes = noteChanges.length ? applyNodeChanges(noteChanges, s.notes) : s.notes;
              const noteSel = notes === s.notes ? {} : { notes, selectedNoteCount: notes.filter((n) => n.selected).length };
              if (changes.length === 0) return noteSel;
              const nodes = applyNodeChanges(changes, s.nodes);
              if (removed.length) return { nodes, ...noteSel };
              return { nodes, ...noteSel, ...selectionOf(nodes, s.edges) };
            });
            if (removed.length) edit((s) => removeNodes(s.doc, removed));
            // A drag or a resize becomes one undo step when it ends; keyboard moves (React Flow's arrows on a focused node) merge like nudges.
            if (ended || resized) edit(committed, ended && !wasDrag ? 'nudge' : undefined);
          },

          onEdgesChange(changes) {
            if (changes.some((c) => c.type === 'select')) lastKey = undefined;
            const removed = changes.flatMap((c) => (c.type === 'remove' ? [c.id] : []));
            set((s) => {
              const edges = applyEdgeChanges(changes, s.edges);
              return { edges, ...selectionOf(s.nodes, edges) };
            });
            if (removed.length) edit((s) => removeEdges(s.doc, removed));
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
            const { doc, node } = addNode(commitPositions(s.doc, s.nodes), type, position);
            edit(
              () => doc,
              undefined,
              (_, d) => withSelection(d.nodes, d.edges, new Set([node.id])),
            );
            return node.id;
          },

          addConnected(type, at, from) {
            return applyInsert((doc, p) => addConnectedNode(doc, type, p, from), at);
          },

          insertOnEdge(edgeId, type, at) {
            return applyInsert((doc, p) => insertOnEdge(doc, edgeId, type, p), at);
          },

          addNote(at, color) {
            const s = get();
            const snapped = { x: Math.round(at.x / GRID) * GRID, y: Math.round(at.y / GRID) * GRID };
            const { doc, note } = addNote(committed(s), snapped, { color });
            edit(
              () => doc,
              undefined,
              (_, d) => ({ ...withSelection(d.nodes, d.edges, new Set()), ...notesSelected(d.notes, new Set([note.id])) }),
            );
            return note.id;
          },

          updateNote(id, patch) {
            edit((s) => updateNote(s.doc, id, patch), patch.text !== undefined ? `note:${id}` : undefined);
          },

          updateConfig(nodeId, config) {
            const before = get().doc.nodes.find((n) => n.id === nodeId)?.config;
            // A form re-emitting the same values is no edit (and no undo step).
            if (before && sameJson(before, config)) return;
            edit((s) => updateNodeConfig(s.doc, nodeId, config), configEditKey(nodeId, before, config));
          },
          updateLabel: (nodeId, label) => edit((s) => updateNodeLabel(s.doc, nodeId, label), `label:${nodeId}`),
          setName: (name) => edit((s) => (s.doc.name === name ? s.doc : { ...s.doc, name }), 'name'),
          setDescription: (description) => edit((s) => (s.doc.description === description ? s.doc : { ...s.doc, description }), 'description'),
          removeNodes: (ids) => edit((s) => removeNodes(s.doc, ids)),
          removeEdges: (ids) => edit((s) => removeEdges(s.doc, ids)),

          deleteSelection() {
            const s = get();
            const nodeIds = selectedIds();
            const edgeIds = s.edges.filter((e) => e.selected).map((e) => e.id);
            const noteIds = s.notes.filter((n) => n.selected).map((n) => n.id);
            edit((cur) => removeDocNotes(removeNodes(removeEdges(cur.doc, edgeIds), nodeIds), noteIds));
          },

          selectNode(id) {
            lastKey = undefined;
            set((s) => ({ ...withSelection(s.nodes, s.edges, new Set(id ? [id] : [])), ...notesSelected(s.notes, new Set()) }));
          },

          selectNodes(ids) {
            lastKey = undefined;
            set((s) => ({ ...withSelection(s.nodes, s.edges, new Set(ids)), ...notesSelected(s.notes, new Set()) }));
          },

          selectAll() {
            lastKey = undefined;
            set((s) => withSelection(s.nodes, s.edges, new Set(s.nodes.map((n) => n.id))));
          },

          nudge(dx, dy) {
            const ids = new Set([...selectedIds(), ...get().notes.filter((n) => n.selected).map((n) => n.id)]);
            if (ids.size === 0) return;
            const move = <T extends CanvasNode>(n: T): T => (ids.has(n.id) ? { ...n, position: { x: n.position.x + dx, y: n.position.y + dy } } : n);
            set((s) => ({ nodes: s.nodes.map(move), notes: s.notes.map(move) }));
            edit(committed, 'nudge');
          },

          paste(fragment, at) {
            const { doc, nodeIds } = pasteFragment(commitPositions(get().doc, get().nodes), fragment, at);
            edit(
              () => doc,
              undefined,
              (_, d) => withSelection(syncPositions(d.nodes, doc), d.edges, new Set(nodeIds)),
            );
            return nodeIds;
          },

          renameNode(from, to) {
            const r = renameNodeId(commitPositions(get().doc, get().nodes), from, to);
            if (!r.ok) return r.error;
            if (r.doc.nodes === get().doc.nodes && from === to) return null;
            edit(
              () => r.doc,
              undefined,
              (_, d) => withSelection(syncPositions(d.nodes, r.doc), d.edges, new Set([to])),
            );
            return null;
          },

          restore(doc) {
            lastKey = undefined;
            const next = { ...doc, name: get().doc.name };
            edit(
              (s) => (sameJson(withFlowPositions(s.doc, s.nodes), next) ? s.doc : next),
              undefined,
              (_, d) => withSelection(syncPositions(d.nodes, next), d.edges, new Set()),
            );
          },

          undo() {
            if (dragging || history().pastStates.length === 0) return;
            lastKey = undefined;
            history().undo();
            resync();
          },

          redo() {
            if (dragging || history().futureStates.length === 0) return;
            lastKey = undefined;
            history().redo();
            resync();
          },

          tidyUp(layout) {
            lastKey = undefined;
            set((s) => {
              if (s.nodes.length === 0) return s;
              const doc = layout(withFlowPositions(s.doc, s.nodes));
              const at = new Map(doc.nodes.map((n) => [n.id, n.position]));
              const nodes = s.nodes.map((n) => {
                const p = at.get(n.id);
                return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: { ...p } } : n;
              });
              if (nodes.every((n, i) => n === s.nodes[i])) return s;
              return { doc, nodes, dirty: true, changeCount: s.changeCount + 1 };
            });
          },

          document: () => commitNotes(withFlowPositions(get().doc, get().nodes), get().notes),

          markSaved(revision, changeCount) {
            set((s) => ({ revision, dirty: s.changeCount !== changeCount }));
          },
        };
      },
      { partialize: (s) => ({ doc: s.doc }), equality: (a, b) => a.doc === b.doc, limit: HISTORY_LIMIT },
    ),
  ) as DesignerStore;
}

/** The designer store of the page (one designer is open at a time). */
export const designerStore = createDesignerStore();

/** Selects from the page's designer store. */
export function useDesigner<T>(selector: (s: DesignerState) => T): T {
  return useStore(designerStore, selector);
}

/** Whether undo and redo are possible now (for the toolbar). */
export function useHistory(): { canUndo: boolean; canRedo: boolean } {
  const canUndo = useStore(designerStore.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(designerStore.temporal, (t) => t.futureStates.length > 0);
  return { canUndo, canRedo };
}
