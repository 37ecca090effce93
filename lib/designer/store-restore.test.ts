import { describe, expect, it } from 'vitest';
import { createDesignerStore } from './store';
import { approvalDoc, doc, edge, node } from './test-helpers';

describe('restoring a version as the draft', () => {
  it('replaces the document as one undo step, keeps the workflow name and marks the draft unsaved', () => {
    const store = createDesignerStore();
    store.getState().load('wf_1', { ...approvalDoc(), name: 'Expenses' }, 4);
    const old = { ...doc([node('start', 'manualTrigger', {}, 'Start'), node('fin', 'end', {}, 'Done', 0, 200)], [edge('e1', 'start', 'fin')]), name: 'Old name' };
    store.getState().restore(old);
    const s = store.getState();
    expect(s.doc.nodes.map((n) => n.id)).toEqual(['start', 'fin']);
    expect(s.nodes.map((n) => n.id)).toEqual(['start', 'fin']);
    expect(s.nodes.find((n) => n.id === 'fin')!.position).toEqual({ x: 0, y: 200 });
    expect(s.doc.name).toBe('Expenses');
    expect(s.dirty).toBe(true);
    expect(store.temporal.getState().pastStates.length).toBe(1);

    store.getState().undo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['start', 'review', 'ok', 'no']);
    store.getState().redo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['start', 'fin']);
  });

  it('restoring the document already open is no change', () => {
    const store = createDesignerStore();
    store.getState().load('wf_1', approvalDoc(), 1);
    store.getState().restore(approvalDoc());
    expect(store.getState().dirty).toBe(false);
    expect(store.temporal.getState().pastStates.length).toBe(0);
  });
});
