import { describe, expect, it } from 'vitest';
import { WorkflowDocumentSchema } from '@/lib/workflow/document';
import { buildFragment, FRAGMENT_KIND, parseClipboard, pasteFragment, PASTE_OFFSET, serializeFragment } from './clipboard';
import { approvalDoc, doc, edge, node } from './test-helpers';

const source = () =>
  doc(
    [
      node('start', 'manualTrigger', { inputFields: [] }, 'Start', 0, 0),
      node('check', 'http', { method: 'GET', url: 'https://x/{{ $steps.start.output.id }}', headers: [], body: '' }, 'Check', 0, 100),
      node('shape', 'transform', { expression: '{ "c": $steps.check.output, "o": $steps.other.output }' }, 'Shape', 0, 200),
      node('other', 'end', {}, 'Other', 300, 0),
    ],
    [edge('e1', 'start', 'check'), edge('e2', 'check', 'shape'), edge('e3', 'start', 'other')],
  );

describe('buildFragment', () => {
  it('holds the chosen nodes and only the edges between them', () => {
    const f = buildFragment(source(), ['check', 'shape'])!;
    expect(f.kind).toBe(FRAGMENT_KIND);
    expect(f.nodes.map((n) => n.id)).toEqual(['check', 'shape']);
    expect(f.edges.map((e) => e.id)).toEqual(['e2']);
    expect(buildFragment(source(), ['nope'])).toBeNull();
  });
});

describe('parseClipboard', () => {
  it('round-trips a fragment', () => {
    const f = buildFragment(source(), ['check', 'shape'])!;
    expect(parseClipboard(serializeFragment(f))).toEqual({ ok: true, fragment: f });
  });
  it('reads a whole exported workflow document as its nodes and edges', () => {
    const r = parseClipboard(JSON.stringify(approvalDoc()));
    expect(r.ok && r.fragment.nodes.map((n) => n.id)).toEqual(['start', 'review', 'ok', 'no']);
    expect(r.ok && r.fragment.edges).toHaveLength(3);
  });
  it('drops edges that leave the fragment', () => {
    const f = { ...buildFragment(source(), ['check'])!, edges: [edge('e9', 'check', 'gone')] };
    const r = parseClipboard(JSON.stringify(f));
    expect(r.ok && r.fragment.edges).toEqual([]);
  });
  it('refuses text, foreign JSON and invalid fragments with a sentence', () => {
    for (const text of ['hello', '{"a":1}', '[1,2]', JSON.stringify({ kind: FRAGMENT_KIND, schemaVersion: 1, nodes: [{ id: '1bad', type: 'end', position: { x: 0, y: 0 } }] })]) {
      const r = parseClipboard(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(10);
    }
  });
});

describe('pasteFragment', () => {
  it('gives pasted nodes free ids, new edge ids, an offset, and rewrites references inside the set only', () => {
    const d = source();
    const f = buildFragment(d, ['check', 'shape'])!;
    const { doc: out, nodeIds } = pasteFragment(d, f);
    expect(nodeIds).toEqual(['check_2', 'shape_2']);
    const pasted = out.nodes.slice(4);
    expect(pasted.map((n) => n.position)).toEqual([
      { x: PASTE_OFFSET, y: 100 + PASTE_OFFSET },
      { x: PASTE_OFFSET, y: 200 + PASTE_OFFSET },
    ]);
    expect(pasted[1]!.config.expression).toBe('{ "c": $steps.check_2.output, "o": $steps.other.output }');
    expect(pasted[0]!.config.url).toBe('https://x/{{ $steps.start.output.id }}');
    expect(out.edges.slice(3)).toEqual([{ id: 'e4', source: 'check_2', sourcePort: 'out', target: 'shape_2', targetPort: 'in' }]);
    expect(WorkflowDocumentSchema.safeParse(out).success).toBe(true);
    // The originals are untouched.
    expect(out.nodes.slice(0, 4)).toEqual(d.nodes);
  });

  it('pastes again further along, and keeps ids into another workflow', () => {
    const d = source();
    const f = buildFragment(d, ['check'])!;
    const once = pasteFragment(d, f).doc;
    const twice = pasteFragment(once, f);
    expect(twice.nodeIds).toEqual(['check_3']);
    expect(twice.doc.nodes.at(-1)!.position).toEqual({ x: 2 * PASTE_OFFSET, y: 100 + 2 * PASTE_OFFSET });
    const other = pasteFragment(approvalDoc(), f, { x: 500, y: 600 });
    expect(other.nodeIds).toEqual(['check']);
    expect(other.doc.nodes.at(-1)!.position).toEqual({ x: 500, y: 600 });
  });

  it('refuses a paste past the node limit', () => {
    const many = doc(Array.from({ length: 2000 }, (_, i) => node(`n${i}`, 'end')));
    expect(() => pasteFragment(many, buildFragment(source(), ['check'])!)).toThrow(RangeError);
  });
});
