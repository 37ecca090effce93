/**
 * The validator's node-local cache (by config object): re-validating a document whose
 * nodes were moved, relabelled or re-pointed gives exactly what a fresh validation of
 * the same document gives.
 */
import { describe, expect, it } from 'vitest';
import { WorkflowDocumentSchema, type WorkflowDocument } from './document';
import { validateWorkflow } from './validate';

type N = WorkflowDocument['nodes'][number];
const node = (id: string, type: string, config: Record<string, unknown>, label?: string): N => ({ id, type, label, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, target: string) => ({ id, source, target, sourcePort: 'out', targetPort: 'in' });
const doc = (nodes: N[], edges = [edge('e1', 'start', 'a'), edge('e2', 'a', 'done')]): WorkflowDocument => ({ schemaVersion: 1, name: 't', description: '', nodes, edges });
/** The same document rebuilt from JSON: no object shared with the original, so nothing can come from the cache. */
const fresh = (d: WorkflowDocument) => validateWorkflow(WorkflowDocumentSchema.parse(JSON.parse(JSON.stringify(d))));

describe('validateWorkflow with cached node results', () => {
  const broken = { expression: '$steps.(', assignTo: '' };
  const base = doc([node('start', 'manualTrigger', {}), node('a', 'transform', broken, 'Shape'), node('done', 'end', {})]);

  it('reports the same problems for a moved node (new node object, same config object)', () => {
    const first = validateWorkflow(base);
    expect(first.map((p) => p.code)).toContain('EXPRESSION_SYNTAX');
    const moved = { ...base, nodes: base.nodes.map((n) => (n.id === 'a' ? { ...n, position: { x: 500, y: 40 } } : n)) };
    expect(validateWorkflow(moved)).toEqual(first);
    expect(validateWorkflow(moved)).toEqual(fresh(moved));
  });

  it('names the new label after a rename, though the config object is the same', () => {
    validateWorkflow(base);
    const renamed = { ...base, nodes: base.nodes.map((n) => (n.id === 'a' ? { ...n, label: 'Reshape' } : n)) };
    const problems = validateWorkflow(renamed);
    expect(problems.find((p) => p.code === 'EXPRESSION_SYNTAX')?.message).toMatch(/"Reshape" \(a\)/);
    expect(problems).toEqual(fresh(renamed));
  });

  it('checks a changed config again', () => {
    validateWorkflow(base);
    const fixed = { ...base, nodes: base.nodes.map((n) => (n.id === 'a' ? { ...n, config: { expression: '$input', assignTo: '' } } : n)) };
    expect(validateWorkflow(fixed)).toEqual([]);
  });

  it('does not mix up two nodes sharing one config object', () => {
    const shared = { expression: '$input.(', assignTo: '' };
    const twin = doc(
      [node('start', 'manualTrigger', {}), node('a', 'transform', shared, 'One'), node('b', 'transform', shared, 'Two'), node('done', 'end', {})],
      [edge('e1', 'start', 'a'), edge('e2', 'a', 'b'), edge('e3', 'b', 'done')],
    );
    const problems = validateWorkflow(twin).filter((p) => p.code === 'EXPRESSION_SYNTAX');
    expect(problems.map((p) => p.nodeId)).toEqual(['a', 'b']);
    expect(validateWorkflow(twin)).toEqual(fresh(twin));
  });
});
