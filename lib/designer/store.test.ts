import { describe, expect, it } from 'vitest';
import { WorkflowDocumentSchema } from '@/lib/workflow/document';
import { createDesignerStore } from './store';
import { approvalDoc } from './test-helpers';
import { autoLayout } from '@/lib/layout/auto-layout';

const loaded = () => {
  const store = createDesignerStore();
  store.getState().load('wf_1', approvalDoc(), 3);
  return store;
};

describe('designer store', () => {
  it('loads a document into nodes, edges and problems, clean', () => {
    const s = loaded().getState();
    expect(s.nodes.map((n) => n.id)).toEqual(['start', 'review', 'ok', 'no']);
    expect(s.edges).toHaveLength(3);
    expect(s.problems).toEqual([]);
    expect(s).toMatchObject({ workflowId: 'wf_1', revision: 3, dirty: false });
  });

  it('adds a node, selects it, validates and marks dirty', () => {
    const store = loaded();
    const id = store.getState().addNode('http', { x: 403, y: 37 });
    const s = store.getState();
    expect(id).toBe('http_request');
    expect(s.selectedNodeId).toBe('http_request');
    expect(s.nodes.find((n) => n.id === id)!.position).toEqual({ x: 400, y: 32 });
    expect(s.dirty).toBe(true);
    expect(s.problems.some((p) => p.nodeId === 'http_request' && p.code === 'INPUT_UNCONNECTED')).toBe(true);
    expect(s.nodes.find((n) => n.id === id)!.data.problems!.errors).toBeGreaterThan(0);
  });

  it('tidies up: lays every node out top to bottom, keeps data and selection, marks dirty', () => {
    const store = loaded();
    store.getState().selectNode('review');
    const before = store.getState();
    store.getState().tidyUp(autoLayout);
    const s = store.getState();
    const y = (id: string) => s.nodes.find((n) => n.id === id)!.position.y;
    expect(y('start')).toBeLessThan(y('review'));
    expect(y('review')).toBeLessThan(y('ok'));
    expect(s.document().nodes.map((n) => n.position)).toEqual(s.nodes.map((n) => n.position));
    expect(s.nodes.map((n) => n.data)).toEqual(before.nodes.map((n) => n.data));
    expect(s.selectedNodeId).toBe('review');
    expect(s).toMatchObject({ dirty: true, changeCount: before.changeCount + 1 });
    // Tidy again: nothing moves, nothing changes.
    store.getState().tidyUp(autoLayout);
    expect(store.getState()).toBe(s);
  });

  it('connects valid connections and reports refused ones', () => {
    const store = loaded();
    const id = store.getState().addNode('end', { x: 0, y: 300 });
    expect(store.getState().connect({ source: 'review', sourceHandle: 'approve', target: id, targetHandle: 'in' })).toMatch(/already connected/);
    store.getState().removeEdges(['e2']);
    expect(store.getState().connect({ source: 'review', sourceHandle: 'approve', target: id, targetHandle: 'in' })).toBeNull();
    expect(store.getState().doc.edges.at(-1)).toMatchObject({ source: 'review', sourcePort: 'approve', target: id });
  });

  it('removes nodes and their edges from the document when React Flow deletes them', () => {
    const store = loaded();
    store.getState().onNodesChange([{ type: 'remove', id: 'review' }]);
    const s = store.getState();
    expect(s.doc.nodes.map((n) => n.id)).toEqual(['start', 'ok', 'no']);
    expect(s.doc.edges).toEqual([]);
    expect(s.edges).toEqual([]);
    expect(s.dirty).toBe(true);
  });

  it('tracks selection from React Flow changes and selectNode', () => {
    const store = loaded();
    store.getState().onNodesChange([{ type: 'select', id: 'review', selected: true }]);
    expect(store.getState().selectedNodeId).toBe('review');
    store.getState().onEdgesChange([{ type: 'select', id: 'e1', selected: true }]);
    expect(store.getState()).toMatchObject({ selectedNodeId: null, selectedEdgeId: null, selectionCount: 2 });
    store.getState().selectNode('ok');
    expect(store.getState()).toMatchObject({ selectedNodeId: 'ok', selectionCount: 1 });
    store.getState().selectNode(null);
    expect(store.getState().selectionCount).toBe(0);
  });

  it('keeps positions on the canvas during a drag and writes them into the document when it ends', () => {
    const store = loaded();
    store.getState().onNodesChange([{ type: 'position', id: 'ok', position: { x: 480, y: 96 }, dragging: true }]);
    expect(store.getState().doc.nodes[2]!.position).toEqual({ x: 0, y: 0 });
    expect(store.getState().document().nodes[2]!.position).toEqual({ x: 480, y: 96 });
    store.getState().onNodesChange([{ type: 'position', id: 'ok', dragging: false }]);
    expect(store.getState().doc.nodes[2]!.position).toEqual({ x: 480, y: 96 });
    const doc = store.getState().document();
    expect(doc.nodes[2]!.position).toEqual({ x: 480, y: 96 });
    expect(WorkflowDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('config edits re-render only the edited node', () => {
    const store = loaded();
    const before = store.getState().nodes;
    const cfg = store.getState().doc.nodes[1]!.config;
    store.getState().updateConfig('review', { ...cfg, assignee: 'sam' });
    const after = store.getState().nodes;
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]!.data.config.assignee).toBe('sam');
  });

  it('stays dirty when edited during a save', () => {
    const store = loaded();
    store.getState().setName('Renamed');
    const at = store.getState().changeCount;
    store.getState().setDescription('more');
    store.getState().markSaved(4, at);
    expect(store.getState()).toMatchObject({ revision: 4, dirty: true });
    store.getState().markSaved(5, store.getState().changeCount);
    expect(store.getState().dirty).toBe(false);
  });
});

describe('designer store connected ports', () => {
  it('tracks which output ports have edges as edges are connected and removed', () => {
    const store = loaded();
    expect(store.getState().nodes.map((n) => n.data.connectedPorts ?? null)).toEqual([['out'], ['approve', 'reject'], null, null]);
    const id = store.getState().addNode('http', { x: 400, y: 0 });
    store.getState().updateConfig(id, { ...store.getState().doc.nodes.find((n) => n.id === id)!.config, url: 'https://x' });
    expect(store.getState().connect({ source: id, sourceHandle: 'error', target: 'no', targetHandle: 'in' })).toBeNull();
    const http = () => store.getState().nodes.find((n) => n.id === id)!;
    expect(http().data.connectedPorts).toEqual(['error']);
    const edgeId = store.getState().doc.edges.find((e) => e.source === id)!.id;
    expect(store.getState().edges.find((e) => e.id === edgeId)!.data?.label).toBeUndefined();
    store.getState().onEdgesChange([{ type: 'remove', id: edgeId }]);
    expect(http().data.connectedPorts).toBeUndefined();
  });
});

describe('designer store placement', () => {
  it('does not drop a new node on top of an existing one', () => {
    const store = loaded();
    const id = store.getState().addNode('http', { x: 0, y: 0 });
    const p = store.getState().nodes.find((n) => n.id === id)!.position;
    expect(p).not.toEqual({ x: 0, y: 0 });
  });
});
