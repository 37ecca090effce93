/** Failures, duplicates, cancellation and structural run errors. */
import { describe, expect, it } from 'vitest';
import { Driver, drive } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';
import { compile } from '../workflow/compile';
import { startRun, transition } from './transition';
import type { WorkflowDocument } from '../workflow/document';

describe('task failure', () => {
  it('fails the run, recording the error with the node and step', () => {
    const d = drive(fixture('linear'), { fetch: { fail: { message: 'HTTP 503 from /api/demo/credit-check', code: 'HTTP_STATUS' } } });
    const error = { message: 'HTTP 503 from /api/demo/credit-check', code: 'HTTP_STATUS', nodeId: 'fetch', stepId: 'fetch#1' };
    expect(d.state.status).toBe('failed');
    expect(d.state.error).toEqual(error);
    expect(d.state.live).toEqual({});
    expect(d.types.slice(-2)).toEqual(['step.failed', 'run.failed']);
    expect(d.log.at(-2)).toMatchObject({ type: 'step.failed', stepId: 'fetch#1', nodeId: 'fetch', attempt: 1, error });
    expect(d.log.at(-1)).toMatchObject({ type: 'run.failed', error });
    expect(d.activated).toEqual(['start#1', 'fetch#1']);
    expect(d.state.endedAt).toBe(d.log.at(-1)!.at);
  });

  it('cancels running siblings (cancelJobs) and parked tasks (closeTask) of a failed branch', () => {
    const d = drive(fixture('parallel-2'), { b1: { fail: 'boom' } });
    expect(d.state.status).toBe('failed');
    expect(d.of('step.cancelled').map((r) => r.stepId)).toEqual(['b2#1']);
    expect(d.effects.at(-1)).toEqual({ type: 'cancelJobs', stepIds: ['b2#1'] });

    const p = new Driver(fixture('parallel-approval'), { credit: { fail: 'no credit' } }).start();
    p.send({ type: 'step.parked', stepId: 'manager#1', attempt: 1, taskId: 't1', task: {}, startedAt: 0, at: p.now() });
    p.runUntilQuiescent();
    expect(p.state.error).toMatchObject({ message: 'no credit', nodeId: 'credit' });
    expect(p.of('step.cancelled').map((r) => r.stepId)).toEqual(['manager#1']);
    expect(p.effects.at(-1)).toEqual({ type: 'closeTask', taskId: 't1', status: 'cancelled' });
  });
});

describe('duplicate and stale deliveries', () => {
  it('ignores a repeated step.completed (exactly-once transitions)', () => {
    const d = new Driver(fixture('linear')).start();
    const event = { type: 'step.completed', stepId: 'fetch#1', attempt: 1, output: 1, startedAt: 5, at: d.now() } as const;
    const first = d.send(event);
    expect(first.log.map((r) => r.type)).toEqual(['step.succeeded', 'edge.taken', 'step.activated']);
    const before = d.state;
    const second = d.send(event);
    expect(second.log).toEqual([]);
    expect(second.effects).toEqual([]);
    expect(second.state).toEqual(before);
    expect(d.activated).toEqual(['start#1', 'fetch#1', 'shape#1']);
  });

  it.each([
    ['an unknown step', { stepId: 'nope#1', attempt: 1 }],
    ['another attempt', { stepId: 'fetch#1', attempt: 2 }],
  ])('ignores results for %s', (_, ids) => {
    const d = new Driver(fixture('linear')).start();
    const seq = d.state.seq;
    expect(d.send({ type: 'step.completed', ...ids, output: 1, startedAt: 0, at: d.now() }).log).toEqual([]);
    expect(d.send({ type: 'step.failed', ...ids, error: { message: 'x' }, startedAt: 0, at: d.now() }).log).toEqual([]);
    expect(d.send({ type: 'step.parked', ...ids, taskId: 't', task: null, startedAt: 0, at: d.now() }).log).toEqual([]);
    expect(d.state.seq).toBe(seq);
    expect(d.state.status).toBe('running');
  });

  it('ignores every event once the run has ended', () => {
    const d = drive(fixture('linear'), { fetch: { fail: 'x' } });
    const ended = d.state;
    for (const e of [
      { type: 'step.completed', stepId: 'fetch#1', attempt: 1, output: 1, startedAt: 0, at: 9 },
      { type: 'run.cancel', by: 'ann', reason: 'late', at: 9 },
    ] as const) {
      const t = transition(d.def, ended, e);
      expect(t).toEqual({ state: ended, effects: [], log: [] });
    }
  });
});

describe('cancel', () => {
  it('cancels a waiting run: closes the open task, records who and why', () => {
    const d = drive(fixture('approval'));
    const at = d.now();
    const t = d.send({ type: 'run.cancel', by: 'ann', reason: 'duplicate request', at });
    expect(t.log.map((r) => r.type)).toEqual(['step.cancelled', 'run.cancelled']);
    expect(t.log[1]).toMatchObject({ type: 'run.cancelled', by: 'ann', reason: 'duplicate request', at });
    expect(t.effects).toEqual([{ type: 'closeTask', taskId: 'task-approve#1', status: 'cancelled' }]);
    expect(d.state).toMatchObject({ status: 'cancelled', live: {}, endedAt: at, error: null });
    expect(d.send({ type: 'run.cancel', by: 'bob', reason: 'again', at: d.now() }).log).toEqual([]);
  });

  it('cancels running steps with one cancelJobs and a waiting join silently', () => {
    const d = new Driver(fixture('parallel-5')).start();
    d.send({ type: 'step.completed', stepId: 'b3#1', attempt: 1, output: null, startedAt: 0, at: d.now() });
    const t = d.send({ type: 'run.cancel', by: 'ops', reason: 'stop', at: d.now() });
    expect(t.log.filter((r) => r.type === 'step.cancelled').map((r) => (r as { stepId: string }).stepId)).toEqual(['b1#1', 'b2#1', 'b4#1', 'b5#1', 'join#1']);
    expect(t.effects).toEqual([{ type: 'cancelJobs', stepIds: ['b1#1', 'b2#1', 'b4#1', 'b5#1'] }]);
    expect(d.state.status).toBe('cancelled');
    expect(d.state.forks).toEqual({});
  });
});

describe('structural run errors', () => {
  it('fails a run whose join can no longer complete (JOIN_STUCK), naming the join', () => {
    const d = drive(fixture('join-stuck'), { gate: { port: 'default' }, early: { output: 'early' } });
    expect(d.state.status).toBe('failed');
    expect(d.state.error).toEqual({
      code: 'JOIN_STUCK',
      message: 'Parallel join "Join" (join) waits for 2 branches of its split (split#1) but only 1 arrived, and nothing else is left to run: the other branches ended elsewhere',
      nodeId: 'join',
      stepId: 'join#1',
    });
    expect(d.types.slice(-2)).toEqual(['step.failed', 'run.failed']);
    expect(d.activated).toEqual(['start#1', 'split#1', 'a#1', 'b#1', 'gate#1', 'join#1', 'early#1']);
  });

  it('completes the same workflow when every branch reaches the join', () => {
    const d = drive(fixture('join-stuck'), { gate: { port: 'go' } });
    expect(d.state.status).toBe('succeeded');
    expect(d.of('step.succeeded').filter((r) => r.nodeId === 'join')).toHaveLength(1);
  });

  it('fails a token reaching a join without a split (JOIN_WITHOUT_SPLIT)', () => {
    const d = drive(fixture('join-without-split'));
    expect(d.state.status).toBe('failed');
    expect(d.state.error).toMatchObject({ code: 'JOIN_WITHOUT_SPLIT', nodeId: 'join', stepId: 'join#1' });
    expect(d.state.error!.message).toMatch(/^Parallel join "Join" \(join\) was reached by a token that did not come from a parallel split/);
  });

  const node = (id: string, type: string) => ({ id, type, position: { x: 0, y: 0 }, config: {} });
  const edge = (id: string, source: string, target: string) => ({ id, source, target, sourcePort: 'out', targetPort: 'in' });
  const doc = (nodes: WorkflowDocument['nodes'], edges: WorkflowDocument['edges']): WorkflowDocument => ({ schemaVersion: 1, name: 't', description: '', nodes, edges });

  it('fails a run whose edge leads back into the trigger', () => {
    const d = drive(doc([node('start', 'manualTrigger'), node('a', 'transform')], [edge('e1', 'start', 'a'), edge('e2', 'a', 'start')]));
    expect(d.state.error).toMatchObject({ code: 'EDGE_INTO_TRIGGER', nodeId: 'start', stepId: 'start#2' });
  });

  it('fails instead of hanging when tokens cycle through gateways only', () => {
    const def = compile(
      doc(
        [node('start', 'manualTrigger'), node('s', 'parallelSplit'), node('j', 'parallelJoin')],
        [edge('e1', 'start', 's'), edge('e2', 's', 'j'), edge('e3', 'j', 's')],
      ),
    );
    const t = startRun(def, { runId: 'r', input: null, at: 1 });
    expect(t.state.status).toBe('failed');
    expect(t.state.error).toMatchObject({ code: 'IMMEDIATE_LOOP', nodeId: 's' });
  });

  it('succeeds at once when the trigger has no outgoing edge', () => {
    const t = startRun(compile(doc([node('start', 'manualTrigger')], [])), { runId: 'r', input: { a: 1 }, at: 42 });
    expect(t.log.map((r) => r.type)).toEqual(['run.started', 'step.activated', 'step.succeeded', 'run.succeeded']);
    expect(t.state).toMatchObject({ status: 'succeeded', output: null, startedAt: 42, endedAt: 42, seq: 4 });
  });
});

describe('ids that shadow Object.prototype members', () => {
  it('runs nodes named constructor/toString and ignores a port named hasOwnProperty', () => {
    const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, config });
    const edge = (id: string, source: string, target: string, sourcePort = 'out') => ({ id, source, target, sourcePort, targetPort: 'in' });
    const doc: WorkflowDocument = {
      schemaVersion: 1, name: 't', description: '',
      nodes: [node('start', 'manualTrigger'), node('constructor', 'exclusiveGateway'), node('toString', 'end')],
      edges: [edge('e1', 'start', 'constructor'), edge('e2', 'constructor', 'toString', 'valueOf')],
    };
    const ok = drive(doc, { constructor: { port: 'valueOf' } });
    expect(ok.activated).toEqual(['start#1', 'constructor#1', 'toString#1']);
    expect(ok.state.activations).toEqual({ start: 1, constructor: 1, toString: 1 });
    const bad = drive(doc, { constructor: { port: 'hasOwnProperty' } });
    expect(bad.state.error).toMatchObject({ code: 'NO_BRANCH', nodeId: 'constructor' });
  });

  it('refuses the id __proto__ at compile time', () => {
    const doc: WorkflowDocument = { schemaVersion: 1, name: 't', description: '', nodes: [{ id: '__proto__', type: 'manualTrigger', position: { x: 0, y: 0 }, config: {} }], edges: [] };
    expect(() => compile(doc)).toThrow(/"__proto__" of node "__proto__" is reserved/);
  });
});
