/** The template gallery: every template is a valid document without blocking problems; names stay unique. */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '@/lib/workflow/document';
import { validateWorkflow } from '@/lib/workflow/validate';
import { buildTemplate, freeName, shapeOf, TEMPLATE_IDS, templateCards } from './index';

describe('templates', () => {
  it.each(TEMPLATE_IDS.filter((id) => id !== 'blank'))('%s parses and has no blocking problem', (id) => {
    const doc = buildTemplate(id)!;
    const parsed = parseDocument(doc);
    if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
    const blocking = validateWorkflow(parsed.data).filter((p) => p.severity === 'error');
    expect(blocking.map((p) => `${p.nodeId ?? p.edgeId}: ${p.message}`)).toEqual([]);
  });

  it('offers blank, the four seeded examples and at least four more, each with a distinct name', () => {
    const cards = templateCards();
    expect(cards[0]).toMatchObject({ id: 'blank', nodeCount: 0 });
    expect(cards.length).toBeGreaterThanOrEqual(9);
    expect(new Set(cards.map((c) => c.name)).size).toBe(cards.length);
    for (const c of cards.slice(1)) {
      expect(c.description.length, c.id).toBeGreaterThan(20);
      expect(c.shape.nodes).toHaveLength(c.nodeCount);
      for (const n of c.shape.nodes) expect(Math.max(n.x, n.y)).toBeLessThanOrEqual(100);
    }
  });

  it('builds a fresh, laid-out copy each time', () => {
    const a = buildTemplate('order-to-cash')!;
    a.nodes[0]!.label = 'changed';
    expect(buildTemplate('order-to-cash')!.nodes[0]!.label).toBe('Order placed');
    expect(new Set(a.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(a.nodes.length);
    expect(buildTemplate('nope')).toBeNull();
    expect(shapeOf({ ...a, nodes: [], edges: [] })).toEqual({ nodes: [], edges: [] });
  });

  it('proposes "<name> (2)" and counts on past taken numbers, ignoring case', () => {
    expect(freeName('Orders', ['Invoices'])).toBe('Orders');
    expect(freeName('Orders', ['orders '])).toBe('Orders (2)');
    expect(freeName('Orders', ['Orders', 'Orders (2)', 'ORDERS (3)'])).toBe('Orders (4)');
    expect(freeName('Orders (7)', ['Orders (7)'])).toBe('Orders (8)');
    expect(freeName('x'.repeat(200), ['x'.repeat(200)])).toHaveLength(200);
  });
});
