import { describe, expect, it } from 'vitest';
import { WorkflowDocumentSchema } from '@/lib/workflow/document';
import { addNode, freePosition, remapPortEdges, removeEdges, removeNodes, updateNodeConfig, updateNodeLabel } from './doc-ops';
import { approvalDoc, doc, edge, node } from './test-helpers';

const outcomes = (...ids: string[]) => ids.map((id) => ({ id, label: id }));
const reviewConfig = (d: ReturnType<typeof approvalDoc>) => d.nodes.find((n) => n.id === 'review')!.config;

describe('addNode', () => {
  it('adds a node with a readable id, the type label and default config', () => {
    const { doc: d, node: n } = addNode(approvalDoc(), 'http', { x: 10.2, y: 20.7 });
    expect(n).toMatchObject({ id: 'http_request', type: 'http', label: 'HTTP request', position: { x: 10, y: 21 }, config: { method: 'GET', url: '' } });
    expect(d.nodes).toHaveLength(5);
    expect(addNode(d, 'http', { x: 0, y: 0 }).node.id).toBe('http_request_2');
    expect(WorkflowDocumentSchema.safeParse(d).success).toBe(true);
  });

  it('gives each node its own copy of the defaults', () => {
    const a = addNode(approvalDoc(), 'userTask', { x: 0, y: 0 });
    const b = addNode(a.doc, 'userTask', { x: 0, y: 0 });
    expect(a.node.config.outcomes).not.toBe(b.node.config.outcomes);
  });

  it('refuses an unknown type', () => {
    expect(() => addNode(approvalDoc(), 'nope', { x: 0, y: 0 })).toThrow(/unknown node type/);
  });
});

describe('removing', () => {
  it('removes nodes with their edges', () => {
    const d = removeNodes(approvalDoc(), ['review']);
    expect(d.nodes.map((n) => n.id)).toEqual(['start', 'ok', 'no']);
    expect(d.edges).toEqual([]);
  });

  it('removes edges by id and returns the same document when nothing matches', () => {
    const d = approvalDoc();
    expect(removeEdges(d, ['e2']).edges.map((e) => e.id)).toEqual(['e1', 'e3']);
    expect(removeEdges(d, ['zz'])).toBe(d);
    expect(removeNodes(d, [])).toBe(d);
  });
});

describe('updateNodeLabel', () => {
  it('changes only that node', () => {
    const d = approvalDoc();
    const d2 = updateNodeLabel(d, 'review', 'Boss');
    expect(d2.nodes[1]!.label).toBe('Boss');
    expect(d2.nodes[0]).toBe(d.nodes[0]);
    expect(d2.edges).toBe(d.edges);
  });
});

describe('updateNodeConfig keeps edges on their ports', () => {
  it('follows a renamed outcome', () => {
    const d = approvalDoc();
    const d2 = updateNodeConfig(d, 'review', { ...reviewConfig(d), outcomes: outcomes('approved', 'reject') });
    expect(d2.edges.map((e) => [e.id, e.sourcePort])).toEqual([
      ['e1', 'out'],
      ['e2', 'approved'],
      ['e3', 'reject'],
    ]);
  });

  it('does not move edges when outcomes are reordered', () => {
    const d = approvalDoc();
    const d2 = updateNodeConfig(d, 'review', { ...reviewConfig(d), outcomes: outcomes('reject', 'approve') });
    expect(d2.edges).toBe(d.edges);
  });

  it('drops the edges of a removed outcome', () => {
    const d = approvalDoc();
    const d2 = updateNodeConfig(d, 'review', { ...reviewConfig(d), outcomes: outcomes('approve') });
    expect(d2.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('keeps an edge through clearing and retyping a port id', () => {
    const d = approvalDoc();
    const cleared = updateNodeConfig(d, 'review', { ...reviewConfig(d), outcomes: outcomes('', 'reject') });
    expect(cleared.edges.find((e) => e.id === 'e2')!.sourcePort).toBe('approve');
    const retyped = updateNodeConfig(cleared, 'review', { ...reviewConfig(d), outcomes: outcomes('y', 'reject') });
    expect(retyped.edges.find((e) => e.id === 'e2')!.sourcePort).toBe('y');
    expect(WorkflowDocumentSchema.safeParse(retyped).success).toBe(true);
  });

  it('leaves other nodes’ edges alone and keeps adding ports harmless', () => {
    const d = approvalDoc();
    const d2 = updateNodeConfig(d, 'review', { ...reviewConfig(d), outcomes: outcomes('approve', 'reject', 'later') });
    expect(d2.edges).toBe(d.edges);
  });

  it('handles a gateway branch removal (the default port stays)', () => {
    const g = (branches: string[]) => ({ branches: branches.map((id) => ({ id, label: id, condition: 'true' })) });
    const d = doc([node('g', 'exclusiveGateway', g(['a', 'b'])), node('x', 'end'), node('y', 'end'), node('z', 'end')], [edge('e1', 'g', 'x', 'a'), edge('e2', 'g', 'y', 'b'), edge('e3', 'g', 'z', 'default')]);
    const d2 = updateNodeConfig(d, 'g', g(['b']));
    expect(d2.edges.map((e) => e.id)).toEqual(['e2', 'e3']);
  });
});

describe('remapPortEdges', () => {
  it('returns the same array when nothing changes', () => {
    const edges = approvalDoc().edges;
    const ports = outcomes('approve', 'reject');
    expect(remapPortEdges(edges, 'review', ports, ports)).toBe(edges);
  });
});

describe('freePosition', () => {
  it('keeps a free spot and moves below (then right of) nodes in the way', () => {
    expect(freePosition([], { x: 10, y: 10 })).toEqual({ x: 10, y: 10 });
    expect(freePosition([{ x: 0, y: 0 }], { x: 500, y: 0 })).toEqual({ x: 500, y: 0 });
    expect(freePosition([{ x: 0, y: 0 }], { x: 40, y: 20 }, 16)).toEqual({ x: 40, y: 20 + 112 });
    const column = [0, 1, 2, 3, 4, 5].map((i) => ({ x: 0, y: i * 128 }));
    const p = freePosition(column, { x: 0, y: 0 }, 16);
    expect(p.x).toBeGreaterThanOrEqual(220);
    expect(p.y).toBe(0);
  });
});
