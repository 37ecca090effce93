import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '@/lib/workflow/validate';
import { connectedOutputs, problemsByNode, syncFlowEdges, syncFlowNodes, toFlowEdges, toFlowNodes, withFlowPositions } from './flow';
import { approvalDoc, doc, edge, node } from './test-helpers';
import { updateNodeConfig, updateNodeLabel } from './doc-ops';

describe('toFlowNodes / toFlowEdges', () => {
  it('maps every node to the generic workflow node with its type, label and config', () => {
    const d = approvalDoc();
    const nodes = toFlowNodes(d);
    expect(nodes.map((n) => [n.id, n.type, n.data.nodeType, n.data.label])).toEqual([
      ['start', 'workflow', 'manualTrigger', 'Start'],
      ['review', 'workflow', 'userTask', 'Review'],
      ['ok', 'workflow', 'end', ''],
      ['no', 'workflow', 'end', ''],
    ]);
    expect(nodes[1]!.data.config).toBe(d.nodes[1]!.config);
  });

  it('adds extra data, per node or for all', () => {
    const d = approvalDoc();
    expect(toFlowNodes(d, { readOnly: true }).every((n) => n.data.readOnly)).toBe(true);
    const withRun = toFlowNodes(d, (n) => (n.id === 'review' ? { run: { status: 'waiting' } } : undefined));
    expect(withRun.map((n) => n.data.run?.status ?? null)).toEqual([null, 'waiting', null, null]);
  });

  it('maps ports to handles and labels edges only when the source has several outputs', () => {
    const edges = toFlowEdges(approvalDoc());
    expect(edges.map((e) => [e.id, e.source, e.sourceHandle, e.target, e.targetHandle, e.data?.label ?? null])).toEqual([
      ['e1', 'start', 'out', 'review', 'in', null],
      ['e2', 'review', 'approve', 'ok', 'in', 'Approve'],
      ['e3', 'review', 'reject', 'no', 'in', 'Reject'],
    ]);
    expect(edges[0]!.type).toBe('workflow');
    expect(edges[0]!.markerEnd).toMatchObject({ type: 'arrowclosed' });
  });

  it('labels the default branch of an exclusive gateway', () => {
    const d = doc(
      [node('g', 'exclusiveGateway', { branches: [{ id: 'big', label: 'Big', condition: '1' }] }), node('a', 'end'), node('b', 'end')],
      [edge('e1', 'g', 'a', 'big'), edge('e2', 'g', 'b', 'default')],
    );
    expect(toFlowEdges(d).map((e) => e.data?.label)).toEqual(['Big', 'Default']);
  });

  it('marks the output ports that have an edge, and labels no edge of a lone `out` or a side port', () => {
    const d = doc(
      [node('h', 'http', { url: 'https://x' }), node('ok', 'end'), node('bad', 'end'), node('undo', 'transform'), node('t', 'http', { url: 'https://y' })],
      [edge('e1', 'h', 'ok'), edge('e2', 'h', 'bad', 'error'), edge('e3', 'h', 'undo', 'compensation'), edge('e4', 'h', 'ok', 'error')],
    );
    const nodes = toFlowNodes(d);
    expect(nodes.map((n) => n.data.connectedPorts ?? null)).toEqual([['compensation', 'error', 'out'], null, null, null, null]);
    expect(toFlowNodes({ nodes: d.nodes }).every((n) => n.data.connectedPorts === undefined)).toBe(true);
    expect(toFlowEdges(d).map((e) => e.data?.label ?? null)).toEqual([null, null, null, null]);
    expect([...connectedOutputs(d.edges)]).toEqual([['h', ['compensation', 'error', 'out']]]);
  });

  it('survives broken configs and unknown types', () => {
    const d = doc([node('x', 'nope', { a: 1 }), node('g', 'exclusiveGateway', { branches: 'oops' }), node('a', 'end')], [edge('e1', 'x', 'a'), edge('e2', 'g', 'a', 'zzz')]);
    expect(() => toFlowNodes(d)).not.toThrow();
    expect(toFlowEdges(d)).toHaveLength(2);
  });
});

describe('syncFlowNodes / syncFlowEdges', () => {
  it('returns the same arrays when nothing changed', () => {
    const d = approvalDoc();
    const byNode = problemsByNode(validateWorkflow(d));
    const nodes = syncFlowNodes([], d, byNode);
    expect(syncFlowNodes(nodes, d, problemsByNode(validateWorkflow(d)))).toBe(nodes);
    const edges = syncFlowEdges([], d);
    expect(syncFlowEdges(edges, d)).toBe(edges);
  });

  it('replaces only the edited node and keeps canvas position and selection', () => {
    const d = approvalDoc();
    const nodes = syncFlowNodes([], d, new Map()).map((n) => (n.id === 'review' ? { ...n, position: { x: 500, y: 40 }, selected: true } : n));
    const d2 = updateNodeLabel(d, 'review', 'Manager review');
    const next = syncFlowNodes(nodes, d2, new Map());
    expect(next).not.toBe(nodes);
    expect(next[0]).toBe(nodes[0]);
    expect(next[1]).toMatchObject({ position: { x: 500, y: 40 }, selected: true, data: { label: 'Manager review' } });
  });

  it('puts problem counts in node data', () => {
    const d = doc([node('start', 'manualTrigger'), node('h', 'http', { url: '' })], [edge('e1', 'start', 'h')]);
    const nodes = syncFlowNodes([], d, problemsByNode(validateWorkflow(d)));
    expect(nodes[0]!.data.problems).toBeUndefined();
    expect(nodes[1]!.data.problems).toMatchObject({ errors: 2, warnings: 0 });
  });

  it('updates an edge label when its port is renamed and drops edges that are gone', () => {
    const d = approvalDoc();
    const edges = syncFlowEdges([], d).map((e) => (e.id === 'e2' ? { ...e, selected: true } : e));
    const review = d.nodes[1]!;
    const d2 = updateNodeConfig(d, 'review', { ...review.config, outcomes: [{ id: 'approve', label: 'OK' }, { id: 'reject', label: 'Reject' }] });
    const next = syncFlowEdges(edges, d2);
    expect(next[1]).toMatchObject({ id: 'e2', selected: true, data: { label: 'OK' } });
    expect(next[0]).toBe(edges[0]);
    expect(syncFlowEdges(next, { ...d2, edges: d2.edges.slice(0, 1) })).toHaveLength(1);
  });
});

describe('withFlowPositions', () => {
  it('takes rounded positions from the canvas and leaves unmoved nodes as they were', () => {
    const d = approvalDoc();
    const out = withFlowPositions(d, [
      { id: 'start', position: { x: 0, y: 0 } },
      { id: 'review', position: { x: 100.4, y: 31.6 } },
    ]);
    expect(out.nodes[0]).toBe(d.nodes[0]);
    expect(out.nodes[1]!.position).toEqual({ x: 100, y: 32 });
    expect(out.nodes[2]).toBe(d.nodes[2]);
  });
});

describe('problemsByNode', () => {
  it('counts errors and warnings per node and skips workflow-level problems', () => {
    const m = problemsByNode([
      { code: 'NO_TRIGGER', severity: 'error', message: 'x' },
      { code: 'A', severity: 'error', message: 'a', nodeId: 'n' },
      { code: 'B', severity: 'warning', message: 'b', nodeId: 'n' },
    ]);
    expect([...m.entries()]).toEqual([['n', { errors: 1, warnings: 1, messages: ['a', 'b'] }]]);
  });
});

describe('syncFlowNodes connected ports', () => {
  it('re-renders only the source node when an edge from one of its ports is added or removed', () => {
    const base = doc([node('h', 'http', { url: 'https://x' }), node('ok', 'end'), node('bad', 'end')], [edge('e1', 'h', 'ok')]);
    const nodes = syncFlowNodes([], base, new Map());
    expect(nodes[0]!.data.connectedPorts).toEqual(['out']);
    const withError = { ...base, edges: [...base.edges, edge('e2', 'h', 'bad', 'error')] };
    const next = syncFlowNodes(nodes, withError, new Map());
    expect(next[0]).not.toBe(nodes[0]);
    expect(next[0]!.data.connectedPorts).toEqual(['error', 'out']);
    expect(next[1]).toBe(nodes[1]);
    expect(next[2]).toBe(nodes[2]);
    expect(syncFlowNodes(next, { ...withError, edges: [...withError.edges] }, new Map())).toBe(next);
    expect(syncFlowNodes(next, base, new Map())[0]!.data.connectedPorts).toEqual(['out']);
  });
});
