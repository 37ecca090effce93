import { describe, expect, it } from 'vitest';
import { fitZoom, nodesToFit, READABLE_ZOOM, startNodeIds } from './fit';
import { doc, edge, node } from './test-helpers';

const size = { width: 232, height: 68 };
/** start → n1 → … → n{count}, 120 px apart vertically. */
function column(count: number) {
  const nodes = [node('start', 'manualTrigger', {}, 'Start', 0, 0), ...Array.from({ length: count }, (_, i) => node(`n${i + 1}`, 'transform', { expression: '$' }, undefined, 0, (i + 1) * 120))];
  return doc(nodes, nodes.slice(1).map((n, i) => edge(`e${i}`, nodes[i]!.id, n.id)));
}

describe('fit view keeps titles readable', () => {
  it('a small workflow fits whole', () => {
    expect(nodesToFit(column(3), size, { width: 1200, height: 800 })).toBeUndefined();
  });
  it('a large workflow fits its start: the trigger and the first nodes after it', () => {
    const d = column(60);
    expect(fitZoom(d, size, { width: 1200, height: 800 })).toBeLessThan(READABLE_ZOOM);
    expect(nodesToFit(d, size, { width: 1200, height: 800 })).toEqual(['start', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7']);
  });
  it('the start follows edges breadth first, not document order', () => {
    const d = doc(
      [node('a', 'transform'), node('b', 'transform'), node('t', 'manualTrigger'), node('c', 'end')],
      [edge('e1', 't', 'b'), edge('e2', 'b', 'c'), edge('e3', 'a', 'c')],
    );
    expect(startNodeIds(d, 3)).toEqual(['t', 'b', 'c']);
  });
});
