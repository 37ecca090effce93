/** Retry from failure: a failed run continues from its failed step(s), on the same or a newer version. */
import { describe, expect, it } from 'vitest';
import { Driver, drive } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';
import { compile } from '../workflow/compile';
import { canRetry } from './resume';
import { transition } from './transition';

describe('retry from failure on the same version', () => {
  it('activates the failed step again as a new step; earlier steps keep their outputs', () => {
    const d = drive(fixture('linear'), { fetch: [{ fail: 'HTTP 503' }, { output: { status: 200 } }] });
    expect(d.state.status).toBe('failed');
    expect(d.state.resume).toEqual({ steps: [{ stepId: 'fetch#1', nodeId: 'fetch', forks: [] }], joins: [], forks: {} });
    expect(canRetry(d.def, d.state)).toEqual({ ok: true });
    const t = d.send({ type: 'run.retry', by: 'ops', at: d.now(), fromVersion: 3 });
    expect(t.log.map((r) => r.type)).toEqual(['run.retried', 'step.activated']);
    expect(t.log[0]).toMatchObject({ type: 'run.retried', by: 'ops', fromVersion: 3, toVersion: 3 });
    expect(t.log[1]).toMatchObject({ stepId: 'fetch#2', edgeId: null });
    expect(t.effects).toEqual([{ type: 'execute', stepId: 'fetch#2', nodeId: 'fetch', attempt: 1 }]);
    expect(t.state).toMatchObject({ status: 'running', error: null, endedAt: null });
    expect(t.state.resume).toBeUndefined();
    d.runUntilQuiescent();
    expect(d.state.status).toBe('succeeded');
    expect(d.activated).toEqual(['start#1', 'fetch#1', 'fetch#2', 'shape#1', 'done#1']);
    expect(d.of('step.succeeded').filter((r) => r.nodeId === 'start')).toHaveLength(1);
  });

  it('resumes a parallel branch: the waiting join keeps its arrivals, interrupted siblings run again', () => {
    const d = new Driver(fixture('parallel-5')).start();
    d.send({ type: 'step.completed', stepId: 'b1#1', attempt: 1, output: 1, startedAt: 0, at: d.now() });
    d.send({ type: 'step.completed', stepId: 'b2#1', attempt: 1, output: 2, startedAt: 0, at: d.now() });
    d.send({ type: 'step.failed', stepId: 'b3#1', attempt: 1, error: { message: 'b3 broke' }, startedAt: 0, at: d.now() });
    expect(d.state.status).toBe('failed');
    expect(d.state.resume!.steps.map((s) => [s.stepId, s.forks])).toEqual([['b3#1', ['f1']], ['b4#1', ['f1']], ['b5#1', ['f1']]]);
    expect(d.state.resume!.joins).toMatchObject([{ stepId: 'join#1', nodeId: 'join' }]);
    expect(d.state.forks).toEqual({});

    const t = d.send({ type: 'run.retry', by: 'ops', at: d.now() });
    expect(t.log.map((r) => r.type)).toEqual(['run.retried', 'step.activated', 'join.arrived', 'step.activated', 'step.activated', 'step.activated']);
    expect(t.log[2]).toMatchObject({ stepId: 'join#2', forkId: 'f1', arrived: 2, expected: 5 });
    expect(t.effects.map((e) => (e.type === 'execute' ? e.stepId : e.type))).toEqual(['b3#2', 'b4#2', 'b5#2']);
    d.runUntilQuiescent();
    expect(d.state.status).toBe('succeeded');
    expect(d.of('step.succeeded').filter((r) => r.nodeId === 'join').map((r) => r.stepId)).toEqual(['join#2']);
    expect(d.of('step.succeeded').filter((r) => r.nodeId === 'b1')).toHaveLength(1);
  });

  it('can retry again after failing again', () => {
    const d = drive(fixture('linear'), { fetch: [{ fail: 'x' }, { fail: 'y' }, { output: 1 }] });
    d.send({ type: 'run.retry', by: 'ops', at: d.now() });
    d.runUntilQuiescent();
    expect(d.state.error).toMatchObject({ message: 'y', stepId: 'fetch#2' });
    d.send({ type: 'run.retry', by: 'ops', at: d.now() });
    d.runUntilQuiescent();
    expect(d.state.status).toBe('succeeded');
    expect(d.activated.filter((s) => s.startsWith('fetch'))).toEqual(['fetch#1', 'fetch#2', 'fetch#3']);
  });
});

describe('retry from failure on a newer version', () => {
  it('continues on the new definition, matching nodes by id', () => {
    const d = drive(fixture('linear'), { fetch: [{ fail: 'HTTP 500' }, { output: 1 }] });
    const v2 = fixture('linear');
    v2.nodes.push({ id: 'audit', type: 'transform', label: 'Audit', position: { x: 0, y: 0 }, config: { expression: '1' } });
    v2.edges = v2.edges.map((e) => (e.source === 'fetch' ? { ...e, target: 'audit' } : e));
    v2.edges.push({ id: 'e_audit_shape', source: 'audit', sourcePort: 'out', target: 'shape', targetPort: 'in' });
    const t = d.send({ type: 'run.retry', by: 'ops', at: d.now(), def: compile(v2), fromVersion: 1, toVersion: 2 });
    expect(t.log[0]).toMatchObject({ type: 'run.retried', fromVersion: 1, toVersion: 2 });
    d.runUntilQuiescent();
    expect(d.state.status).toBe('succeeded');
    expect(d.activated).toEqual(['start#1', 'fetch#1', 'fetch#2', 'audit#1', 'shape#1', 'done#1']);
  });

  it('refuses, with a reason and no change, when the failed node is gone', () => {
    const d = drive(fixture('linear'), { fetch: { fail: 'HTTP 500' } });
    const v2 = fixture('linear');
    v2.nodes = v2.nodes.filter((n) => n.id !== 'fetch');
    v2.edges = [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'shape', targetPort: 'in' }, ...v2.edges.filter((e) => e.source !== 'fetch' && e.target !== 'fetch')];
    const def = compile(v2);
    expect(canRetry(def, d.state)).toEqual({ ok: false, reason: 'Node "fetch" of failed step fetch#1 does not exist in this version of the workflow' });
    const before = d.state;
    const t = transition(d.def, before, { type: 'run.retry', by: 'ops', at: d.now(), def });
    expect(t).toEqual({ state: before, effects: [], log: [] });
  });
});

describe('runs that cannot be retried', () => {
  it.each([
    ['a running run', () => new Driver(fixture('approval')).start().runUntilQuiescent(), /^Only failed runs can be retried; this run is waiting$/],
    ['a succeeded run', () => drive(fixture('linear')), /this run is succeeded$/],
    ['a compensated run', () => drive(fixture('saga'), { ship: { fail: 'x' } }), /this run is compensated: its completed steps were compensated \(undone\)/],
    ['a run that failed while compensating', () => drive(fixture('saga'), { ship: { fail: 'x' }, refund: { fail: 'y' } }), /failure \(COMPENSATION_FAILED\) has no step to retry from/],
    ['a run stuck at a join', () => drive(fixture('join-stuck'), { gate: { port: 'default' } }), /failure \(JOIN_STUCK\) has no step to retry from/],
  ])('refuses %s', (_, make, reason) => {
    const d = make();
    const check = canRetry(d.def, d.state);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
    expect(d.send({ type: 'run.retry', by: 'ops', at: d.now() }).log).toEqual([]);
  });
});
