import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../workflow/document';
import { diffLines, diffVersions, previewValue, retryBlockers } from './version-diff';

const base: WorkflowDocument = {
  schemaVersion: 1,
  name: 'Checkout',
  description: '',
  nodes: [
    { id: 'start', type: 'manualTrigger', label: 'Start', position: { x: 0, y: 0 }, config: {} },
    { id: 'charge', type: 'http', label: 'Charge', position: { x: 0, y: 100 }, config: { method: 'POST', url: '/api/demo/status/500' } },
    { id: 'ship', type: 'http', label: 'Ship', position: { x: 0, y: 200 }, config: { method: 'POST', url: '/api/demo/ship', timeoutMs: 10000 } },
    { id: 'done', type: 'end', label: 'Done', position: { x: 0, y: 300 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'out', target: 'charge', targetPort: 'in' },
    { id: 'e2', source: 'charge', sourcePort: 'out', target: 'ship', targetPort: 'in' },
    { id: 'e3', source: 'ship', sourcePort: 'out', target: 'done', targetPort: 'in' },
  ],
};

const clone = (d: WorkflowDocument): WorkflowDocument => structuredClone(d);

describe('diffVersions', () => {
  it('finds nothing between a version and itself, nor when only positions or edge ids moved', () => {
    expect(diffVersions(base, base).same).toBe(true);
    const moved = clone(base);
    moved.nodes[1]!.position = { x: 400, y: 40 };
    moved.edges[1]!.id = 'renamed';
    expect(diffVersions(base, moved)).toMatchObject({ same: true, nodesChanged: [], edgesAdded: [], edgesRemoved: [] });
  });

  it('compares configs with defaults filled in', () => {
    const b = clone(base);
    // 10000 is the http timeout default and GET… no: method given; headers default [] — all equal.
    b.nodes[2]!.config = { method: 'POST', url: '/api/demo/ship', headers: [], failOnHttpError: true };
    expect(diffVersions(base, b).same).toBe(true);
  });

  it('names changed config fields of a node: "HTTP request "Charge" (charge): url changed"', () => {
    const b = clone(base);
    b.nodes[1]!.config = { method: 'POST', url: '/api/demo/payments' };
    const d = diffVersions(base, b);
    expect(d.nodesChanged).toHaveLength(1);
    expect(d.nodesChanged[0]!.node).toEqual({ id: 'charge', type: 'http', label: 'Charge', name: 'HTTP request "Charge" (charge)' });
    expect(d.nodesChanged[0]!.changes).toEqual([{ path: 'url', kind: 'changed', before: '/api/demo/status/500', after: '/api/demo/payments' }]);
    expect(d.nodesChanged[0]!.message).toBe('HTTP request "Charge" (charge): url changed');
  });

  it('descends into nested objects (retry policy) and reports added and removed fields', () => {
    const a = clone(base);
    a.nodes[2]!.config = { ...a.nodes[2]!.config, retry: { maxAttempts: 3, initialIntervalMs: 1000, backoffFactor: 2, maxIntervalMs: 60000, jitter: 0.2 } };
    const b = clone(a);
    (b.nodes[2]!.config.retry as { maxAttempts: number }).maxAttempts = 5;
    b.nodes[1]!.config = { ...b.nodes[1]!.config, retry: { maxAttempts: 4, initialIntervalMs: 800, backoffFactor: 1.5, maxIntervalMs: 5000, jitter: 0 } };
    const d = diffVersions(a, b);
    expect(d.nodesChanged.map((n) => n.message)).toEqual(['HTTP request "Charge" (charge): retry added', 'HTTP request "Ship" (ship): retry.maxAttempts changed']);
    expect(diffVersions(b, a).nodesChanged[0]!.changes[0]).toMatchObject({ path: 'retry', kind: 'removed' });
  });

  it('reports label and type changes (not the config of a node whose type changed)', () => {
    const b = clone(base);
    b.nodes[2]!.label = 'Ship order';
    b.nodes[1]!.type = 'transform';
    b.nodes[1]!.config = { expression: '{ "charged": true }' };
    const d = diffVersions(base, b);
    expect(d.nodesChanged.map((n) => n.message)).toEqual([
      'Transform "Charge" (charge): type changed',
      'HTTP request "Ship order" (ship): label changed',
    ]);
    expect(d.nodesChanged[0]!.changes).toEqual([{ path: 'type', kind: 'changed', before: 'http', after: 'transform' }]);
  });

  it('lists nodes and edges added and removed, with the port of edges that do not leave through out', () => {
    const b = clone(base);
    b.nodes.push(
      { id: 'fallback', type: 'transform', label: 'Use cached rate', position: { x: 200, y: 100 }, config: { expression: '1' } },
      { id: 'audit', type: 'http', position: { x: 0, y: 0 }, config: { url: '/x' } },
    );
    b.nodes = b.nodes.filter((n) => n.id !== 'ship');
    b.edges = [
      b.edges[0]!,
      { id: 'x1', source: 'charge', sourcePort: 'out', target: 'done', targetPort: 'in' },
      { id: 'x2', source: 'charge', sourcePort: 'error', target: 'fallback', targetPort: 'in' },
      { id: 'x3', source: 'fallback', sourcePort: 'out', target: 'done', targetPort: 'in' },
    ];
    const d = diffVersions(base, b);
    expect(d.nodesAdded.map((n) => n.name)).toEqual(['Transform "Use cached rate" (fallback)', 'HTTP request "audit"']);
    expect(d.nodesRemoved.map((n) => n.name)).toEqual(['HTTP request "Ship" (ship)']);
    expect(d.edgesAdded.map((e) => e.text)).toEqual(['"Charge" → "Done"', '"Charge" [error] → "Use cached rate"', '"Use cached rate" → "Done"']);
    expect(d.edgesRemoved.map((e) => e.text)).toEqual(['"Charge" → "Ship"', '"Ship" → "Done"']);
    expect(diffLines(d)).toEqual([
      'Added Transform "Use cached rate" (fallback)',
      'Added HTTP request "audit"',
      'Removed HTTP request "Ship" (ship)',
      'Added edge "Charge" → "Done"',
      'Added edge "Charge" [error] → "Use cached rate"',
      'Added edge "Use cached rate" → "Done"',
      'Removed edge "Charge" → "Ship"',
      'Removed edge "Ship" → "Done"',
    ]);
  });

  it('reports run settings', () => {
    const b = { ...clone(base), settings: { runTimeoutMs: 60_000 } };
    expect(diffVersions(base, b).settings).toEqual([{ path: 'settings.runTimeoutMs', kind: 'added', after: 60_000 }]);
    expect(diffLines(diffVersions(b, base))).toEqual(['settings.runTimeoutMs removed']);
  });
});

describe('retryBlockers', () => {
  it('warns when a failed step\'s node is gone or no longer runs', () => {
    const b = clone(base);
    b.nodes = b.nodes.filter((n) => n.id !== 'charge');
    b.nodes.push({ id: 'ship2', type: 'parallelSplit', label: 'Fan out', position: { x: 0, y: 0 }, config: {} });
    expect(retryBlockers(b, ['charge', 'ship', 'ship2', 'charge'])).toEqual([
      'Node "charge" is not in this version, so its failed step cannot run again',
      'Parallel split "Fan out" (ship2) is no longer a step that runs',
    ]);
    expect(retryBlockers(base, ['charge'])).toEqual([]);
  });
});

describe('previewValue', () => {
  it('renders short values as JSON and leaves long ones out', () => {
    expect(previewValue('/api/x')).toBe('"/api/x"');
    expect(previewValue(5)).toBe('5');
    expect(previewValue({ a: 1 })).toBe('{"a":1}');
    expect(previewValue('x'.repeat(100))).toBeNull();
    expect(previewValue(undefined)).toBeNull();
  });
});
