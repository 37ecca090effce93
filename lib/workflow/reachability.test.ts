import { describe, expect, it } from 'vitest';
import { WorkflowDocumentSchema, type WorkflowDocument } from './document';
import { validateWorkflow } from './validate';
import { removeEdges } from '../designer/doc-ops';

type N = WorkflowDocument['nodes'][number];
type E = WorkflowDocument['edges'][number];
const node = (id: string, type: string, config: Record<string, unknown> = {}, label?: string): N => ({ id, type, label, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, target: string, sourcePort = 'out'): E => ({ id, source, target, sourcePort, targetPort: 'in' });
const doc = (nodes: N[], edges: E[]): WorkflowDocument => WorkflowDocumentSchema.parse({ schemaVersion: 1, name: 't', nodes, edges });
const transform = (id: string, label?: string) => node(id, 'transform', { expression: '$input' }, label);
const connectivity = (d: WorkflowDocument) => validateWorkflow(d).filter((p) => p.code === 'INPUT_UNCONNECTED' || p.code === 'UNREACHABLE');

/** start → s1 → s2 → … → s12 → done */
function chain(n: number): WorkflowDocument {
  const ids = Array.from({ length: n }, (_, i) => `s${i + 1}`);
  const nodes = [node('start', 'manualTrigger', {}, 'Start'), ...ids.map((id, i) => transform(id, `Step ${i + 1}`)), node('done', 'end')];
  const order = ['start', ...ids, 'done'];
  return doc(nodes, order.slice(1).map((t, i) => edge(`e${i + 1}`, order[i]!, t)));
}

describe('reachability problems are reported by their root', () => {
  it('a deleted edge near the trigger gives one problem with the count, not one per node', () => {
    const cut = removeEdges(chain(12), ['e1']);
    const problems = connectivity(cut);
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect(p!.code).toBe('INPUT_UNCONNECTED');
    expect(p!.nodeId).toBe('s1');
    expect(p!.nodeIds).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 's12', 'done']);
    expect(p!.message).toBe(
      'Transform "Step 1" (s1): its input is not connected, so 13 nodes are unreachable from the trigger: it and s2, s3, s4, s5, s6 and 7 more after it',
    );
  });

  it('a cut in the middle names the node after the cut as the root', () => {
    const problems = connectivity(removeEdges(chain(4), ['e3']));
    expect(problems.map((p) => [p.code, p.nodeId, p.nodeIds])).toEqual([['INPUT_UNCONNECTED', 's3', ['s3', 's4', 'done']]]);
    expect(problems[0]!.message).toContain('3 nodes are unreachable from the trigger: it and s4 and done after it');
  });

  it('a lone node without input keeps the short message', () => {
    const d = doc([node('start', 'manualTrigger'), transform('stray'), node('done', 'end')], [edge('e1', 'start', 'done'), edge('e2', 'stray', 'done')]);
    expect(connectivity(d).map((p) => [p.code, p.nodeId, p.message])).toEqual([['INPUT_UNCONNECTED', 'stray', 'Transform (stray): its input is not connected, so it can never run']]);
  });

  it('two roots feeding the same nodes: the first root (document order) counts them, the second stands alone', () => {
    const d = doc(
      [node('start', 'manualTrigger'), node('done', 'end'), transform('a'), transform('b'), transform('c'), node('end2', 'end')],
      [edge('e1', 'start', 'done'), edge('e2', 'a', 'c'), edge('e3', 'b', 'c'), edge('e4', 'c', 'end2')],
    );
    expect(connectivity(d).map((p) => [p.code, p.nodeId, p.nodeIds])).toEqual([
      ['INPUT_UNCONNECTED', 'a', ['a', 'c', 'end2']],
      ['INPUT_UNCONNECTED', 'b', ['b']],
    ]);
  });

  it('a loop with no way in is one UNREACHABLE problem naming its nodes', () => {
    const d = doc(
      [node('start', 'manualTrigger'), node('done', 'end'), transform('x'), transform('y'), transform('z')],
      [edge('e1', 'start', 'done'), edge('e2', 'x', 'y'), edge('e3', 'y', 'z'), edge('e4', 'z', 'x')],
    );
    const problems = connectivity(d);
    expect(problems.map((p) => [p.code, p.nodeId, p.nodeIds])).toEqual([['UNREACHABLE', 'x', ['x', 'y', 'z']]]);
    expect(problems[0]!.message).toBe('Transform (x): no path from the trigger leads to this loop of 3 nodes (it and y and z), so none of them can ever run');
  });

  it('without a trigger, each node without input is reported on its own', () => {
    const d = doc([transform('a'), transform('b'), node('done', 'end')], [edge('e1', 'a', 'b'), edge('e2', 'b', 'done')]);
    expect(connectivity(d).map((p) => [p.code, p.nodeId])).toEqual([['INPUT_UNCONNECTED', 'a']]);
  });

  it('reconnecting the root clears the problem', () => {
    const full = chain(12);
    expect(connectivity(full)).toEqual([]);
  });
});
