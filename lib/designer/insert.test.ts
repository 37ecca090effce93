import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '@/lib/workflow/validate';
import { addConnectedNode, fitsDragOrigin, fitsOnEdge, insertOnEdge } from './insert';
import { createDesignerStore } from './store';
import { approvalDoc, doc, edge, node } from './test-helpers';

/** start → check (http) → done */
const linear = () =>
  doc(
    [node('start', 'manualTrigger', { inputFields: [] }, 'Start', 0, 0), node('check', 'http', { url: '/api/demo/x' }, 'Check', 0, 200), node('done', 'end', {}, 'Done', 0, 400)],
    [edge('e1', 'start', 'check'), edge('e2', 'check', 'done')],
  );

describe('insertOnEdge', () => {
  it('rewires source → new → target, keeping the ports and the edge order', () => {
    const r = insertOnEdge(linear(), 'e2', 'transform', { x: 0, y: 300 });
    if (!r.ok) throw new Error(r.error);
    expect(r.node).toMatchObject({ id: 'transform', type: 'transform', position: { x: 0, y: 300 } });
    expect(r.doc.edges.map((e) => [e.id, e.source, e.sourcePort, e.target, e.targetPort])).toEqual([
      ['e1', 'start', 'out', 'check', 'in'],
      ['e2', 'check', 'out', 'transform', 'in'],
      ['e3', 'transform', 'out', 'done', 'in'],
    ]);
    expect(validateWorkflow(r.doc).filter((p) => p.code !== 'CONFIG_INVALID')).toEqual([]);
  });

  it('keeps a branch port of the source (user task outcome) on the first half', () => {
    const r = insertOnEdge(approvalDoc(), 'e3', 'http', { x: 0, y: 0 });
    if (!r.ok) throw new Error(r.error);
    const edges = r.doc.edges.map((e) => [e.source, e.sourcePort, e.target]);
    expect(edges).toContainEqual(['review', 'reject', 'http_request']);
    expect(edges).toContainEqual(['http_request', 'out', 'no']);
    expect(edges).not.toContainEqual(['review', 'reject', 'no']);
  });

  it('refuses a trigger or an End in the middle, and an unknown edge, changing nothing', () => {
    const d = linear();
    expect(insertOnEdge(d, 'e2', 'end', { x: 0, y: 0 })).toEqual({ ok: false, error: 'End cannot go between two nodes: it needs an input and an output' });
    expect(insertOnEdge(d, 'e2', 'manualTrigger', { x: 0, y: 0 }).ok).toBe(false);
    expect(insertOnEdge(d, 'nope', 'transform', { x: 0, y: 0 })).toEqual({ ok: false, error: 'Connection "nope" is not in this workflow' });
    expect(fitsOnEdge('transform')).toBe(true);
    expect(fitsOnEdge('end')).toBe(false);
  });
});

describe('addConnectedNode', () => {
  it('connects the dragged output to the new node', () => {
    const d = doc([node('start', 'manualTrigger', { inputFields: [] })]);
    const r = addConnectedNode(d, 'http', { x: 10, y: 150 }, { nodeId: 'start', port: 'out', side: 'source' });
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.edges.map((e) => [e.source, e.sourcePort, e.target, e.targetPort])).toEqual([['start', 'out', 'http_request', 'in']]);
  });

  it('connects the new node to the dragged input', () => {
    const d = doc([node('done', 'end')]);
    const r = addConnectedNode(d, 'transform', { x: 0, y: 0 }, { nodeId: 'done', port: 'in', side: 'target' });
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.edges.map((e) => [e.source, e.sourcePort, e.target])).toEqual([['transform', 'out', 'done']]);
  });

  it('refuses a second edge from an already connected output', () => {
    const r = addConnectedNode(linear(), 'transform', { x: 0, y: 0 }, { nodeId: 'check', port: 'out', side: 'source' });
    expect(r.ok).toBe(false);
    expect(fitsDragOrigin('manualTrigger', 'source')).toBe(false);
    expect(fitsDragOrigin('end', 'target')).toBe(false);
  });
});

describe('store: inserting is one undo step', () => {
  it('insertOnEdge selects the new node and undoes in one step', () => {
    const store = createDesignerStore();
    store.getState().load('wf', linear(), 1);
    const r = store.getState().insertOnEdge('e2', 'transform', { x: 5, y: 290 });
    expect(r).toEqual({ id: 'transform' });
    expect(store.getState().selectedNodeId).toBe('transform');
    expect(store.getState().edges).toHaveLength(3);
    store.getState().undo();
    expect(store.getState().doc.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['start', 'check', 'done']);
  });
});
