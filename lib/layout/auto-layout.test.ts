import { describe, expect, it } from 'vitest';
import { approvalDoc, doc, edge, node, userTask } from '@/lib/designer/test-helpers';
import { EXAMPLE_WORKFLOWS } from '@/lib/templates/examples';
import type { WorkflowDocument } from '@/lib/workflow/document';
import { autoLayout } from './auto-layout';
import { NODE_WIDTH, nodeSize } from './geometry';

const at = (d: WorkflowDocument, id: string) => d.nodes.find((n) => n.id === id)!.position;
const centre = (d: WorkflowDocument, id: string) => at(d, id).x + NODE_WIDTH / 2;

function expectWellFormed(d: WorkflowDocument) {
  for (const n of d.nodes) {
    expect(Number.isFinite(n.position.x), n.id).toBe(true);
    expect(Number.isFinite(n.position.y), n.id).toBe(true);
  }
  // Acyclic inputs: every edge points down.
  for (const e of d.edges) expect(at(d, e.target).y, `${e.source} → ${e.target}`).toBeGreaterThan(at(d, e.source).y);
  // No two cards overlap.
  const boxes = d.nodes.map((n) => ({ id: n.id, ...n.position, ...nodeSize(n.type, n.config) }));
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
    }
}

/** trigger → gateway (yes, no, default) → three ends. */
const gatewayDoc = () =>
  doc(
    [
      node('start', 'manualTrigger', { inputFields: [] }),
      node('gw', 'exclusiveGateway', {
        branches: [
          { id: 'yes', label: 'Yes', condition: 'true' },
          { id: 'no', label: 'No', condition: 'false' },
        ],
      }),
      node('c', 'end'),
      node('b', 'end'),
      node('a', 'end'),
    ],
    // Edges deliberately listed against port order.
    [edge('e1', 'start', 'gw'), edge('e2', 'gw', 'a', 'default'), edge('e3', 'gw', 'c', 'yes'), edge('e4', 'gw', 'b', 'no')],
  );

describe('autoLayout', () => {
  it('lays the seeded examples out top to bottom without overlaps', () => {
    for (const d of EXAMPLE_WORKFLOWS()) expectWellFormed(d);
  });

  it('lays out approval and gateway documents, and starts at the origin', () => {
    for (const d of [approvalDoc(), gatewayDoc()]) {
      const laid = autoLayout(d);
      expectWellFormed(laid);
      expect(Math.min(...laid.nodes.map((n) => n.position.x))).toBe(0);
      expect(Math.min(...laid.nodes.map((n) => n.position.y))).toBe(0);
    }
    const moved = autoLayout(approvalDoc(), { origin: { x: 100, y: 40 } });
    expect(Math.min(...moved.nodes.map((n) => n.position.y))).toBe(40);
    expect(Math.min(...moved.nodes.map((n) => n.position.x))).toBe(100);
  });

  it('puts branch targets left to right in port order', () => {
    const g = autoLayout(gatewayDoc());
    expect(centre(g, 'c')).toBeLessThan(centre(g, 'b'));
    expect(centre(g, 'b')).toBeLessThan(centre(g, 'a'));
    const a = autoLayout(approvalDoc());
    expect(centre(a, 'ok')).toBeLessThan(centre(a, 'no'));
    // Reversed outcomes, reversed columns.
    const flipped = doc(
      [node('start', 'manualTrigger', { inputFields: [] }), userTask('review', ['reject', 'approve']), node('ok', 'end'), node('no', 'end')],
      [edge('e1', 'start', 'review'), edge('e2', 'review', 'ok', 'approve'), edge('e3', 'review', 'no', 'reject')],
    );
    const f = autoLayout(flipped);
    expect(centre(f, 'no')).toBeLessThan(centre(f, 'ok'));
  });

  it('hangs a single target straight below its port', () => {
    // review has two outcomes: approve at a quarter of its width, reject at three quarters.
    const approve = doc(
      [node('start', 'manualTrigger', { inputFields: [] }), userTask('review', ['approve', 'reject']), node('ok', 'end')],
      [edge('e1', 'start', 'review'), edge('e2', 'review', 'ok', 'approve')],
    );
    const laid = autoLayout(approve);
    expect(centre(laid, 'review')).toBe(centre(laid, 'start'));
    expect(centre(laid, 'ok')).toBe(at(laid, 'review').x + NODE_WIDTH / 4);
    const rejected = autoLayout({ ...approve, edges: [approve.edges[0]!, { ...approve.edges[1]!, sourcePort: 'reject' }] });
    expect(centre(rejected, 'ok')).toBe(at(rejected, 'review').x + (3 * NODE_WIDTH) / 4);
  });

  it('is deterministic and keeps everything but positions', () => {
    const d = EXAMPLE_WORKFLOWS()[0]!;
    const a = autoLayout(d);
    const b = autoLayout(structuredClone(d));
    expect(b).toEqual(a);
    expect(autoLayout(a)).toEqual(a);
    expect({ ...a, nodes: a.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) }).toEqual({
      ...d,
      nodes: d.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })),
    });
  });

  it('copes with empty documents, lone nodes, cycles, self-loops, parallel and dangling edges', () => {
    const empty = doc([]);
    expect(autoLayout(empty)).toEqual(empty);
    // Unconnected nodes stack in a column, in document order.
    const lone = autoLayout(doc([node('a', 'http'), node('b', 'http'), node('c', 'end')]));
    expect(lone.nodes.map((n) => n.position.x)).toEqual([0, 0, 0]);
    expect(at(lone, 'a').y).toBeLessThan(at(lone, 'b').y);
    expect(at(lone, 'b').y).toBeLessThan(at(lone, 'c').y);
    expectWellFormed(lone);
    // A draft being edited may hold anything (the schema's edge checks are not applied here).
    const draft: WorkflowDocument = {
      ...doc([node('a', 'http'), node('b', 'http'), node('c', 'http'), node('mystery', 'noSuchType')]),
      edges: [edge('e1', 'a', 'b'), edge('e2', 'b', 'c'), edge('e3', 'c', 'a'), edge('e4', 'b', 'b'), edge('e5', 'a', 'ghost'), edge('e6', 'c', 'mystery'), edge('e7', 'c', 'mystery')],
    };
    const cyclic = autoLayout(draft);
    for (const n of cyclic.nodes) expect(Number.isFinite(n.position.x) && Number.isFinite(n.position.y)).toBe(true);
    expect(new Set(cyclic.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(4);
  });

  it('handles a long chain quickly', () => {
    const n = 400;
    const nodes = Array.from({ length: n }, (_, i) => node(`n${i}`, 'http'));
    const edges = Array.from({ length: n - 1 }, (_, i) => edge(`e${i}`, `n${i}`, `n${i + 1}`));
    const t = performance.now();
    const laid = autoLayout(doc(nodes, edges));
    expect(performance.now() - t).toBeLessThan(5000);
    expectWellFormed(laid);
  });
});

describe('lib/layout', () => {
  it('stays free of React, Next and React Flow (the server imports it)', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = path.resolve(import.meta.dirname);
    for (const f of fs.readdirSync(dir).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'))) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      expect(f.endsWith('.tsx'), f).toBe(false);
      expect(src, f).not.toMatch(/from ['"](react|react-dom|next|@xyflow\/[\w-]+|@\/components\/[^'"]*)(\/[^'"]*)?['"]/);
      expect(src, f).not.toMatch(/^['"]use client['"]/m);
    }
  });
});

describe('side ports', () => {
  it('places a compensation handler left of its task and an error path right of it', () => {
    const n = (id: string, type: string) => ({ id, type, label: id, position: { x: 0, y: 0 }, config: {} as Record<string, unknown> });
    const e = (id: string, source: string, sourcePort: string, target: string) => ({ id, source, sourcePort, target, targetPort: 'in' });
    const doc = {
      schemaVersion: 1 as const,
      name: 'saga',
      description: '',
      nodes: [n('start', 'manualTrigger'), n('charge', 'http'), n('refund', 'http'), n('next', 'transform'), n('oops', 'end'), n('done', 'end')],
      edges: [e('e1', 'start', 'out', 'charge'), e('e2', 'charge', 'compensation', 'refund'), e('e3', 'charge', 'out', 'next'), e('e4', 'charge', 'error', 'oops'), e('e5', 'next', 'out', 'done')],
    };
    const laid = autoLayout(doc);
    const x = (id: string) => laid.nodes.find((m) => m.id === id)!.position.x;
    expect(x('refund')).toBeLessThan(x('next'));
    expect(x('oops')).toBeGreaterThan(x('next'));
  });
});
