import { describe, expect, it } from 'vitest';
import { describeSummary, diffDocuments, edgeKey, fieldChanges, formatPath, ghostPositions } from './version-diff';
import { approvalDoc, doc, edge, node } from './test-helpers';

const http = (id: string, url: string, headers: { name: string; value: string }[] = [], x = 0, y = 0) => node(id, 'http', { method: 'GET', url, headers }, 'Call', x, y);

describe('diffDocuments', () => {
  it('reports nothing for the same document', () => {
    const d = diffDocuments(approvalDoc(), approvalDoc());
    expect(d.identical).toBe(true);
    expect(d.nodes.every((n) => n.status === 'unchanged' && !n.moved)).toBe(true);
    expect(describeSummary(d.summary)).toBe('No changes');
  });

  it('finds added, removed, changed and moved nodes and the edges between them', () => {
    const from = doc([node('start', 'manualTrigger', {}, 'Start'), http('call', 'https://a.test', [], 0, 100), node('gone', 'end', {}, 'Old end', 0, 200)], [edge('e1', 'start', 'call'), edge('e2', 'call', 'gone')]);
    const to = doc(
      [node('start', 'manualTrigger', {}, 'Start', 40, 0), http('call', 'https://b.test', [], 0, 100), node('done', 'end', {}, 'New end', 0, 300)],
      [edge('x9', 'start', 'call'), edge('e3', 'call', 'done')],
    );
    const d = diffDocuments(from, to);
    const byId = Object.fromEntries(d.nodes.map((n) => [n.id, n]));
    expect(byId.start).toMatchObject({ status: 'moved', moved: true, fields: [] });
    expect(byId.call).toMatchObject({ status: 'changed', moved: false });
    expect(byId.call!.fields).toEqual([{ path: ['config', 'url'], kind: 'changed', before: 'https://a.test', after: 'https://b.test' }]);
    expect(byId.done).toMatchObject({ status: 'added', after: { id: 'done' } });
    expect(byId.gone).toMatchObject({ status: 'removed', before: { id: 'gone' } });
    // The start → call edge was redrawn with a new id: still the same connection.
    expect(d.edges.map((e) => [e.key, e.status])).toEqual([
      ['start:out->call:in', 'unchanged'],
      ['call:out->done:in', 'added'],
      ['call:out->gone:in', 'removed'],
    ]);
    expect(d.summary).toEqual({ added: 1, removed: 1, changed: 1, moved: 1, edgesAdded: 1, edgesRemoved: 1, documentFields: 0 });
    expect(d.identical).toBe(false);
    expect(describeSummary(d.summary)).toBe('1 added, 1 removed, 1 changed, 1 moved, 1 connection added, 1 connection removed');
  });

  it('ignores a position change within the tolerance and marks a changed node that also moved', () => {
    const from = doc([http('call', 'https://a.test', [], 0, 0)]);
    expect(diffDocuments(from, doc([http('call', 'https://a.test', [], 0.5, 0)])).identical).toBe(true);
    const d = diffDocuments(from, doc([http('call', 'https://c.test', [], 200, 0)]));
    expect(d.nodes[0]).toMatchObject({ status: 'changed', moved: true });
  });

  it('reports a label and a type change as fields', () => {
    const d = diffDocuments(doc([node('a', 'end', {}, 'Finish')]), doc([node('a', 'transform', {}, 'Shape')]));
    expect(d.nodes[0]!.fields).toEqual([
      { path: ['type'], kind: 'changed', before: 'end', after: 'transform' },
      { path: ['label'], kind: 'changed', before: 'Finish', after: 'Shape' },
    ]);
  });

  it('names the document fields that changed', () => {
    const a = { ...approvalDoc(), description: 'old' };
    const b = { ...approvalDoc(), name: 'renamed', description: 'new', settings: { maxIterations: 5 } };
    const d = diffDocuments(a, b);
    expect(d.document.map((c) => [formatPath(c.path), c.kind])).toEqual([
      ['name', 'changed'],
      ['description', 'changed'],
      ['settings › maxIterations', 'added'],
    ]);
    expect(d.summary.documentFields).toBe(3);
  });
});

describe('fieldChanges (jsondiffpatch delta, flattened)', () => {
  it('matches array items by their key: an inserted header is one addition, an edited one a change at its name', () => {
    const before = { headers: [{ name: 'Accept', value: 'json' }, { name: 'X-Id', value: '1' }] };
    const after = { headers: [{ name: 'Auth', value: 'k' }, { name: 'Accept', value: 'text' }, { name: 'X-Id', value: '1' }] };
    expect(fieldChanges(before, after)).toEqual([
      { path: ['headers', 'Auth'], kind: 'added', after: { name: 'Auth', value: 'k' } },
      { path: ['headers', 'Accept', 'value'], kind: 'changed', before: 'json', after: 'text' },
    ]);
  });

  it('reports removed keys, removed items and reordered items', () => {
    const before = { timeoutMs: 1000, outcomes: [{ id: 'approve' }, { id: 'reject' }, { id: 'later' }] };
    const after = { outcomes: [{ id: 'reject' }, { id: 'approve' }] };
    const changes = fieldChanges(before, after);
    expect(changes).toContainEqual({ path: ['timeoutMs'], kind: 'removed', before: 1000 });
    expect(changes).toContainEqual({ path: ['outcomes', 'later'], kind: 'removed', before: { id: 'later' } });
    expect(changes.some((c) => c.kind === 'moved' && c.path[0] === 'outcomes')).toBe(true);
  });

  it('treats plain values in arrays by position', () => {
    expect(fieldChanges({ tags: ['a', 'b'] }, { tags: ['a', 'c'] })).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: ['tags', '1'] })]),
    );
    expect(fieldChanges({ a: 1 }, { a: 1 })).toEqual([]);
  });
});

describe('edgeKey', () => {
  it('names an edge by its ports', () => {
    expect(edgeKey({ source: 'review', sourcePort: 'approve', target: 'ok', targetPort: 'in' })).toBe('review:approve->ok:in');
  });
});

describe('ghostPositions', () => {
  it('keeps a removed node at its old place when free, and moves it right off a node that took its place', () => {
    const from = doc([node('a', 'end', {}, 'A', 0, 0), node('b', 'end', {}, 'B', 0, 300), node('c', 'end', {}, 'C', 0, 600)]);
    const to = doc([node('a', 'end', {}, 'A', 0, 0), node('n', 'transform', {}, 'N', 10, 310)]);
    const at = ghostPositions(diffDocuments(from, to), { width: 200, height: 60 });
    expect(at.get('b')).toEqual({ x: 248, y: 300 });
    expect(at.get('c')).toEqual({ x: 0, y: 600 });
    expect(at.has('a')).toBe(false);
  });

  it('does not stack two ghosts on one another', () => {
    const from = doc([node('x', 'end', {}, 'X', 0, 0), node('y', 'end', {}, 'Y', 0, 0)]);
    const at = ghostPositions(diffDocuments(from, doc([node('z', 'end', {}, 'Z', 0, 0)])), { width: 200, height: 60 });
    expect([at.get('x'), at.get('y')]).toEqual([{ x: 248, y: 0 }, { x: 496, y: 0 }]);
  });
});
