/** Cross-check: the view folded from real engine logs agrees with the engine's own state. */
import { describe, expect, it } from 'vitest';
import { drive, T0 } from '../engine/__tests__/drive';
import { fixture, type FixtureName } from '../engine/__tests__/fixtures';
import { nodeStatuses } from './node-status';
import { applyLog, initialRunView, reduceLog } from './reduce';

const cases: Array<[FixtureName, Parameters<typeof drive>[1]]> = [
  ['linear', {}],
  ['linear', { fetch: { fail: 'boom' } }],
  ['exclusive', { route: { port: 'default' } }],
  ['parallel-5', {}],
  ['nested-split', {}],
  ['parallel-approval', {}],
  ['loop', { check: (n) => ({ port: n < 3 ? 'again' : 'default' }) }],
  ['join-stuck', { gate: { port: 'default' } }],
  ['retry', { fetch: (_n, attempt) => (attempt < 3 ? { fail: { message: '503', retryable: true } } : { output: 1 }) }],
  ['retry-error-edge', { fetch: { fail: { message: '503', retryable: true } } }],
  ['saga', { ship: { fail: 'HTTP 500' } }],
  ['saga', { ship: { fail: 'HTTP 500' }, refund: { fail: 'refund down' } }],
  ['saga-compensate-end', { check: { port: 'default' } }],
  ['wait', { pause: { wait: T0 + 60_000 } }],
  ['sub-workflow', { sub: { child: { workflowId: 'wf_child', input: {} } } }],
  ['for-each', { each: { map: { items: [1, 2, 3], concurrency: 2 } } }],
  ['escalation', { approve: { park: { title: 'a' }, due: { at: T0 + 1000, escalation: 'interrupting' } } }],
];

describe.each(cases)('engine log of %s', (name, script) => {
  it('status, live steps and per-node status match the engine, one record at a time or in one batch', () => {
    const doc = fixture(name);
    const d = drive(doc, script);
    let v = initialRunView();
    for (const r of d.log) v = applyLog(v, r);
    expect(v).toEqual(reduceLog(d.log));
    expect(v.status).toBe(d.state.status);
    expect(v.lastSeq).toBe(d.state.seq);
    expect([...v.live].sort()).toEqual(Object.keys(d.state.live).sort());
    const nodes = nodeStatuses(v, doc);
    for (const n of doc.nodes) {
      const activated = d.state.activations[n.id] ?? 0;
      expect(nodes[n.id]!.activations).toBe(activated);
      if (activated === 0) expect(['pending', 'skipped']).toContain(nodes[n.id]!.status);
    }
    // `skipped` is a promise: a node shown skipped at any point is never activated later.
    let w = initialRunView();
    for (const r of d.log) {
      w = applyLog(w, r);
      const st = nodeStatuses(w, doc);
      const later = new Set(d.log.flatMap((x) => (x.seq > r.seq && x.type === 'step.activated' ? [x.nodeId] : [])));
      for (const n of doc.nodes) if (st[n.id]!.status === 'skipped') expect(later.has(n.id), `${n.id} skipped after seq ${r.seq}`).toBe(false);
    }
    if (v.status !== 'running' && v.status !== 'waiting' && v.status !== 'compensating') {
      for (const n of doc.nodes) if (!d.state.activations[n.id]) expect(nodes[n.id]!.status).toBe('skipped');
    }
  });
});
