/**
 * A workflow loaded with `checkLater`: drawn at once, validated later. Until the first
 * validation (`settleProblems()`, or the first edit) `problemsPending` is set and
 * `problems` is empty; then the problems are exactly a fresh validation's, on the store
 * and on the canvas nodes.
 */
import { describe, expect, it } from 'vitest';
import { validateWorkflow, warmNodeChecks } from '@/lib/workflow/validate';
import { createDesignerStore } from './store';
import { doc, edge, node } from './test-helpers';

/** trigger → a transform with a broken expression → an HTTP call without URL (its output unconnected). */
const broken = () =>
  doc(
    [node('start', 'manualTrigger', { inputFields: [] }, 'Start'), node('shape', 'transform', { expression: '$input.(', assignTo: '' }, 'Shape'), node('call', 'http', { method: 'GET', url: '' }, 'Call')],
    [edge('e1', 'start', 'shape'), edge('e2', 'shape', 'call')],
  );

const codes = (ps: { code: string; nodeId?: string }[]) => ps.map((p) => `${p.nodeId}:${p.code}`).sort();

describe('designer store, first validation later', () => {
  it('draws the nodes at once, with no problems shown and problemsPending set', () => {
    const store = createDesignerStore();
    store.getState().load('wf_1', broken(), 1, { checkLater: true });
    const s = store.getState();
    expect(s.problemsPending).toBe(true);
    expect(s.problems).toEqual([]);
    expect(s.nodes.map((n) => n.id)).toEqual(['start', 'shape', 'call']);
    expect(s.nodes.every((n) => n.data.problems === undefined)).toBe(true);
  });

  it('settleProblems runs the validation: the same problems as a fresh one, flagged on the nodes, once', () => {
    const store = createDesignerStore();
    const d = broken();
    store.getState().load('wf_1', d, 1, { checkLater: true });
    const problems = store.getState().settleProblems();
    const expected = validateWorkflow(broken());
    expect(codes(problems)).toEqual(codes(expected));
    expect(codes(problems)).toEqual(expect.arrayContaining(['shape:EXPRESSION_SYNTAX', 'call:CONFIG_INVALID']));
    const s = store.getState();
    expect(s.problemsPending).toBe(false);
    expect(s.problems).toBe(problems);
    expect(s.nodes.find((n) => n.id === 'shape')!.data.problems!.errors).toBeGreaterThan(0);
    expect(s.nodes.find((n) => n.id === 'start')!.data.problems).toBeUndefined();
    expect(s.dirty).toBe(false);
    // Settled: asking again returns the same list and changes nothing.
    expect(store.getState().settleProblems()).toBe(problems);
  });

  it('after the node checks ran in slices, settling gives the same problems', () => {
    const store = createDesignerStore();
    store.getState().load('wf_1', broken(), 1, { checkLater: true });
    const nodes = store.getState().doc.nodes;
    let i = 0;
    let slices = 0;
    while (i < nodes.length) {
      let budget = 1;
      i = warmNodeChecks(nodes, i, () => budget-- > 0);
      slices++;
    }
    expect(slices).toBe(2); // two nodes per slice, three nodes
    expect(codes(store.getState().settleProblems())).toEqual(codes(validateWorkflow(broken())));
  });

  it('an edit before the validation validates at once', () => {
    const store = createDesignerStore();
    store.getState().load('wf_1', broken(), 1, { checkLater: true });
    store.getState().updateLabel('call', 'Call the API');
    const s = store.getState();
    expect(s.problemsPending).toBe(false);
    expect(codes(s.problems)).toEqual(codes(validateWorkflow(broken())));
    expect(s.dirty).toBe(true);
  });

  it('undo before the validation validates too', () => {
    const store = createDesignerStore();
    store.getState().load('wf_1', broken(), 1, { checkLater: true });
    store.getState().updateLabel('call', 'Call the API');
    store.getState().updateConfig('shape', { expression: '$input', assignTo: '' });
    store.getState().undo();
    expect(store.getState().problemsPending).toBe(false);
    expect(codes(store.getState().problems)).toContain('shape:EXPRESSION_SYNTAX');
  });

  it('an empty workflow and a load without checkLater are validated at once', () => {
    const store = createDesignerStore();
    store.getState().load('wf_1', doc([]), 1, { checkLater: true });
    expect(store.getState()).toMatchObject({ problemsPending: false, problems: [expect.objectContaining({ code: 'NO_TRIGGER' })] });
    store.getState().load('wf_2', broken(), 1);
    expect(store.getState().problemsPending).toBe(false);
    expect(codes(store.getState().problems)).toEqual(codes(validateWorkflow(broken())));
  });
});
