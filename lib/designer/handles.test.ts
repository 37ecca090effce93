import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT, NODE_WIDTH } from '@/lib/layout/geometry';
import { toFlowNodes, syncFlowNodes } from './flow';
import { nodeHandles } from './handles';
import { doc, edge, node } from './test-helpers';

/** Centre of a handle, as React Flow computes an edge's end from it. */
const centre = (h: { x: number; y: number; width?: number; height?: number }) => [h.x + (h.width ?? 0) / 2, h.y + (h.height ?? 0) / 2];

describe('nodeHandles', () => {
  it('puts the input on the top edge, one output on the bottom edge and the side ports at mid-height', () => {
    const hs = nodeHandles('http', { url: 'https://example.test' });
    expect(hs.map((h) => [h.id, h.type, h.position])).toEqual([
      ['in', 'target', 'top'],
      ['out', 'source', 'bottom'],
      ['error', 'source', 'right'],
      ['compensation', 'source', 'left'],
    ]);
    expect(hs.map(centre)).toEqual([
      [NODE_WIDTH / 2, 1],
      [NODE_WIDTH / 2, NODE_HEIGHT - 1],
      [NODE_WIDTH - 1, NODE_HEIGHT / 2],
      [1, NODE_HEIGHT / 2],
    ]);
  });

  it('spreads several outputs evenly along the bottom, in port order', () => {
    const hs = nodeHandles('userTask', { title: 'Review', outcomes: [{ id: 'approve', label: 'Approve' }, { id: 'reject', label: 'Reject' }] });
    const bottom = hs.filter((h) => h.position === 'bottom');
    expect(bottom.map((h) => h.id)).toEqual(['approve', 'reject']);
    const inner = NODE_WIDTH - 2;
    expect(bottom.map((h) => centre(h)[0])).toEqual([1 + inner / 4, 1 + (3 * inner) / 4]);
  });

  it('has no input handle on a trigger', () => {
    expect(nodeHandles('manualTrigger', {}).some((h) => h.type === 'target')).toBe(false);
  });
});

describe('flow nodes carry their size and handles', () => {
  const gw = (branches: string[]) => node('gw', 'exclusiveGateway', { branches: branches.map((id) => ({ id, label: id, condition: 'true' })) });

  it('sets measured and handles on every node', () => {
    const nodes = toFlowNodes(doc([node('start', 'manualTrigger'), gw(['a'])], [edge('e1', 'start', 'gw')]));
    expect(nodes.every((n) => n.measured?.width === NODE_WIDTH && n.measured?.height === NODE_HEIGHT)).toBe(true);
    expect(nodes[1]!.handles!.map((h) => h.id)).toEqual(['in', 'a', 'default']);
  });

  it('recomputes the handles when a config adds a port, and keeps them otherwise', () => {
    const d1 = doc([node('start', 'manualTrigger'), gw(['a'])], [edge('e1', 'start', 'gw')]);
    const n1 = toFlowNodes(d1);
    const relabelled = syncFlowNodes(n1, { ...d1, nodes: d1.nodes.map((n) => (n.id === 'gw' ? { ...n, label: 'Route' } : n)) }, new Map());
    expect(relabelled[1]!.handles).toBe(n1[1]!.handles);
    const d2 = { ...d1, nodes: [d1.nodes[0]!, gw(['a', 'b'])] };
    const n2 = syncFlowNodes(n1, d2, new Map());
    expect(n2[1]!.handles!.map((h) => h.id)).toEqual(['in', 'a', 'b', 'default']);
  });
});
