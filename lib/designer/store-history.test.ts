import { describe, expect, it } from 'vitest';
import { buildFragment } from './clipboard';
import { changedLeaf } from './history';
import { createDesignerStore } from './store';
import { approvalDoc } from './test-helpers';
import { autoLayout } from '@/lib/layout/auto-layout';

const loaded = () => {
  const store = createDesignerStore();
  store.getState().load('wf_1', approvalDoc(), 3);
  return store;
};
const ids = (store: ReturnType<typeof loaded>) => store.getState().doc.nodes.map((n) => n.id);
const steps = (store: ReturnType<typeof loaded>) => store.temporal.getState().pastStates.length;

describe('designer undo history', () => {
  it('undoes and redoes an added node, and a load starts a fresh history', () => {
    const store = loaded();
    expect(steps(store)).toBe(0);
    const id = store.getState().addNode('http', { x: 400, y: 0 });
    expect(ids(store)).toContain(id);
    store.getState().undo();
    expect(ids(store)).not.toContain(id);
    expect(store.getState().nodes.map((n) => n.id)).not.toContain(id);
    store.getState().redo();
    expect(store.getState().nodes.map((n) => n.id)).toContain(id);
    store.getState().load('wf_2', approvalDoc(), 1);
    expect(steps(store)).toBe(0);
  });

  it('undo and redo with nothing to do leave the draft clean', () => {
    const store = loaded();
    store.getState().undo();
    store.getState().redo();
    expect(store.getState()).toMatchObject({ dirty: false, changeCount: 0 });
  });

  it('makes one step of a whole drag and puts the node back on undo', () => {
    const store = loaded();
    for (const x of [10, 50, 120]) store.getState().onNodesChange([{ type: 'position', id: 'ok', position: { x, y: 0 }, dragging: true }]);
    store.getState().onNodesChange([{ type: 'position', id: 'ok', dragging: false }]);
    expect(steps(store)).toBe(1);
    store.getState().undo();
    const ok = () => store.getState().nodes.find((n) => n.id === 'ok')!;
    expect(ok().position).toEqual({ x: 0, y: 0 });
    store.getState().redo();
    expect(ok().position).toEqual({ x: 120, y: 0 });
  });

  it('coalesces typing in one field into one step, but not edits of two fields', () => {
    const store = loaded();
    const cfg = () => store.getState().doc.nodes.find((n) => n.id === 'review')!.config;
    const original = cfg();
    for (const t of ['A', 'Ap', 'App']) store.getState().updateConfig('review', { ...cfg(), title: t });
    expect(steps(store)).toBe(1);
    store.getState().updateConfig('review', { ...cfg(), description: 'x' });
    expect(steps(store)).toBe(2);
    store.getState().undo();
    expect(cfg().title).toBe('App');
    store.getState().undo();
    expect(cfg()).toEqual(original);
  });

  it('a config equal in content to the current one is no edit', () => {
    const store = loaded();
    const cfg = store.getState().doc.nodes.find((n) => n.id === 'review')!.config;
    store.getState().updateConfig('review', structuredClone(cfg));
    expect(steps(store)).toBe(0);
    expect(store.getState().dirty).toBe(false);
  });

  it('a selection change ends a run of typing', () => {
    const store = loaded();
    store.getState().updateLabel('review', 'R');
    store.getState().updateLabel('review', 'Re');
    store.getState().selectNode('ok');
    store.getState().updateLabel('review', 'Rev');
    expect(steps(store)).toBe(2);
  });

  it('undoes connect, delete, rename, paste and tidy up; undo after a save marks the draft unsaved', () => {
    const store = loaded();
    const s = () => store.getState();
    expect(s().connect({ source: 'start', sourceHandle: 'out', target: 'ok', targetHandle: 'in' })).not.toBeNull(); // one edge per port
    s().selectNodes(['review']);
    s().deleteSelection();
    expect(ids(store)).toEqual(['start', 'ok', 'no']);
    expect(s().doc.edges).toHaveLength(0);
    expect(steps(store)).toBe(1);
    expect(s().connect({ source: 'start', sourceHandle: 'out', target: 'ok', targetHandle: 'in' })).toBeNull();
    expect(s().edges.map((e) => `${e.source}>${e.target}`)).toEqual(['start>ok']);
    s().undo();
    expect(s().edges).toHaveLength(0);
    s().undo();
    expect(ids(store)).toEqual(['start', 'review', 'ok', 'no']);
    expect(s().doc.edges).toHaveLength(3);

    s().markSaved(4, s().changeCount);
    expect(s().dirty).toBe(false);
    expect(s().renameNode('review', 'approval')).toBeNull();
    expect(s().selectedNodeId).toBe('approval');
    expect(s().renameNode('approval', 'ok')).toMatch(/already/);
    s().paste(buildFragment(s().doc, ['approval'])!);
    expect(ids(store)).toEqual(['start', 'approval', 'ok', 'no', 'approval_2']);
    expect(s().selectedNodeId).toBe('approval_2');
    s().tidyUp(autoLayout);
    s().markSaved(5, s().changeCount);
    s().undo(); // tidy up
    s().undo(); // paste
    expect(s().dirty).toBe(true);
    expect(ids(store)).toEqual(['start', 'approval', 'ok', 'no']);
    s().undo(); // rename
    expect(ids(store)).toEqual(['start', 'review', 'ok', 'no']);
    expect(s().doc.edges.map((e) => e.source)).toEqual(['start', 'review', 'review']);
  });

  it('undoes a disconnect (an edge removed on the canvas)', () => {
    const store = loaded();
    store.getState().onEdgesChange([{ type: 'remove', id: 'e2' }]);
    expect(store.getState().doc.edges.map((e) => e.id)).toEqual(['e1', 'e3']);
    store.getState().undo();
    expect(store.getState().doc.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(store.getState().edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('keeps at least 100 steps', () => {
    const store = loaded();
    for (let i = 0; i < 150; i++) {
      store.getState().selectNodes(['ok']);
      store.getState().nudge(16, 0);
      store.getState().selectNode(null);
    }
    expect(steps(store)).toBe(150);
    for (let i = 0; i < 150; i++) store.getState().undo();
    expect(store.getState().doc.nodes.find((n) => n.id === 'ok')!.position.x).toBe(0);
  });
});

describe('changedLeaf', () => {
  it('names the one changed leaf, or null', () => {
    expect(changedLeaf({ a: 1, b: 'x' }, { a: 1, b: 'xy' })).toBe('b');
    expect(changedLeaf({ h: [{ v: 'a' }] }, { h: [{ v: 'ab' }] })).toBe('h.0.v');
    expect(changedLeaf({ a: 1 }, { a: 1, b: 'n' })).toBe('b');
    expect(changedLeaf({ a: 1, b: 1 }, { a: 2, b: 2 })).toBeNull();
    expect(changedLeaf({ h: [1] }, { h: [1, 2] })).toBeNull();
    expect(changedLeaf({ a: 1 }, { a: 1 })).toBeNull();
  });
});
