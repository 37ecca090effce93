/** Compensation (saga): handlers of completed steps run in reverse completion order when the run fails or reaches a compensating End. */
import { describe, expect, it } from 'vitest';
import { Driver, drive } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';
import type { WorkflowDocument } from '../workflow/document';

describe('a failing saga', () => {
  const d = drive(fixture('saga'), { ship: { fail: { message: 'carrier down', code: 'HTTP_502' } } });

  it('runs the handlers of completed steps, latest first, then ends compensated keeping the error', () => {
    expect(d.state.status).toBe('compensated');
    expect(d.state.error).toEqual({ message: 'carrier down', code: 'HTTP_502', nodeId: 'ship', stepId: 'ship#1' });
    expect(d.activated).toEqual(['start#1', 'reserve#1', 'charge#1', 'ship#1', 'refund#1', 'release#1']);
    expect(d.of('compensation.started').map((r) => [r.forStepId, r.handlerStepId])).toEqual([
      ['charge#1', 'refund#1'],
      ['reserve#1', 'release#1'],
    ]);
    expect(d.of('compensation.completed').map((r) => r.handlerStepId)).toEqual(['refund#1', 'release#1']);
    expect(d.state).toMatchObject({ live: {}, forks: {} });
    expect(d.state.compensable).toBeUndefined();
    expect(d.state.endedAt).toBe(d.log.at(-1)!.at);
  });

  it('logs the run compensating instead of failed, one handler at a time', () => {
    const tail = d.types.slice(d.types.indexOf('step.failed'));
    expect(tail).toEqual([
      'step.failed', 'run.compensating',
      'step.activated', 'compensation.started', 'step.succeeded', 'compensation.completed',
      'step.activated', 'compensation.started', 'step.succeeded', 'compensation.completed',
      'run.compensated',
    ]);
    expect(d.of('run.failed')).toEqual([]);
    expect(d.of('step.activated').find((r) => r.stepId === 'refund#1')).toMatchObject({ edgeId: 'c2' });
    expect(d.of('step.succeeded').find((r) => r.stepId === 'refund#1')).toMatchObject({ port: null });
    expect(d.batches.slice(-2)).toEqual([['refund#1'], ['release#1']]);
  });

  it('compensates only the steps that completed', () => {
    const early = drive(fixture('saga'), { charge: { fail: 'card declined' } });
    expect(early.state.status).toBe('compensated');
    expect(early.of('compensation.started').map((r) => r.handlerStepId)).toEqual(['release#1']);
  });

  it('fails as before when no completed step has a handler', () => {
    const first = drive(fixture('saga'), { reserve: { fail: 'out of stock' } });
    expect(first.state.status).toBe('failed');
    expect(first.of('run.compensating')).toEqual([]);
    expect(first.types.slice(-2)).toEqual(['step.failed', 'run.failed']);
  });

  it('fails clearly, naming the handler, when a handler fails; earlier handlers do not run', () => {
    const bad = drive(fixture('saga'), { ship: { fail: 'carrier down' }, refund: { fail: { message: 'refund API 500', code: 'HTTP_500' } } });
    expect(bad.state.status).toBe('failed');
    expect(bad.state.error).toEqual({
      code: 'COMPENSATION_FAILED',
      message: 'Compensation handler "Refund card" (refund) (undoing step charge#1) failed: refund API 500; the run was being compensated after: carrier down',
      nodeId: 'refund',
      stepId: 'refund#1',
    });
    expect(bad.activated).not.toContain('release#1');
    expect(bad.types.slice(-2)).toEqual(['step.failed', 'run.failed']);
    expect(bad.state.resume).toBeUndefined();
  });

  it('can be cancelled while compensating: the running handler is dropped', () => {
    const c = new Driver(fixture('saga'), { ship: { fail: 'carrier down' } }).start();
    c.send({ type: 'step.completed', stepId: 'reserve#1', attempt: 1, output: null, startedAt: 0, at: c.now() });
    c.send({ type: 'step.completed', stepId: 'charge#1', attempt: 1, output: null, startedAt: 0, at: c.now() });
    c.send({ type: 'step.failed', stepId: 'ship#1', attempt: 1, error: { message: 'x' }, startedAt: 0, at: c.now() });
    expect(c.state.status).toBe('compensating');
    expect(c.state.live['refund#1']).toMatchObject({ status: 'running', compensates: 'charge#1' });
    const t = c.send({ type: 'run.cancel', by: 'ops', reason: 'manual cleanup', at: c.now() });
    expect(t.effects).toEqual([{ type: 'cancelJobs', stepIds: ['refund#1'] }]);
    expect(c.state.status).toBe('cancelled');
    expect(c.send({ type: 'step.completed', stepId: 'refund#1', attempt: 1, output: null, startedAt: 0, at: c.now() }).log).toEqual([]);
  });

  it('cancels a running parallel branch when it starts compensating', () => {
    const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, config });
    const edge = (id: string, source: string, target: string, sourcePort = 'out') => ({ id, source, target, sourcePort, targetPort: 'in' });
    const doc: WorkflowDocument = {
      schemaVersion: 1, name: 'p', description: '',
      nodes: [node('start', 'manualTrigger'), node('split', 'parallelSplit'), node('a', 'transform'), node('undo_a', 'transform'), node('b', 'transform'), node('c', 'transform'), node('join', 'parallelJoin'), node('done', 'end')],
      edges: [edge('e1', 'start', 'split'), edge('e2', 'split', 'a'), edge('e3', 'split', 'b'), edge('e4', 'a', 'join'), edge('e5', 'b', 'c'), edge('e6', 'c', 'join'), edge('e7', 'join', 'done'), edge('u', 'a', 'undo_a', 'compensation')],
    };
    const p = new Driver(doc).start();
    p.send({ type: 'step.completed', stepId: 'a#1', attempt: 1, output: null, startedAt: 0, at: p.now() });
    p.send({ type: 'step.completed', stepId: 'b#1', attempt: 1, output: null, startedAt: 0, at: p.now() });
    const t = p.send({ type: 'step.failed', stepId: 'c#1', attempt: 1, error: { message: 'c broke' }, startedAt: 0, at: p.now() });
    expect(t.log.map((r) => r.type)).toEqual(['step.failed', 'step.cancelled', 'run.compensating', 'step.activated', 'compensation.started']);
    expect(t.log[1]).toMatchObject({ stepId: 'join#1' });
    p.runUntilQuiescent();
    expect(p.state.status).toBe('compensated');
  });
});

describe('a compensating End', () => {
  it('undoes the completed steps and ends compensated with no error and the End output', () => {
    const d = drive(fixture('saga-compensate-end'), { check: { port: 'default' }, abort: { output: { aborted: true } } });
    expect(d.state.status).toBe('compensated');
    expect(d.state.error).toBeNull();
    expect(d.state.output).toEqual({ aborted: true });
    expect(d.activated).toEqual(['start#1', 'reserve#1', 'check#1', 'abort#1', 'release#1']);
    expect(d.of('run.compensating')).toMatchObject([{ error: null }]);
    expect(d.of('run.compensated')).toMatchObject([{ error: null }]);
  });

  it('is an ordinary End on the other path', () => {
    const d = drive(fixture('saga-compensate-end'), { check: { port: 'ok' } });
    expect(d.state.status).toBe('succeeded');
    expect(d.activated).not.toContain('release#1');
    expect(d.state.compensable).toBeUndefined();
  });

  it('ends compensated at once when nothing completed has a handler', () => {
    const d = drive(fixture('saga-compensate-end'), { reserve: { output: null }, check: { port: 'default' } });
    const doc = fixture('saga-compensate-end');
    doc.edges = doc.edges.filter((e) => e.sourcePort !== 'compensation');
    doc.nodes = doc.nodes.filter((n) => n.id !== 'release');
    const plain = drive(doc, { check: { port: 'default' } });
    expect(d.state.status).toBe('compensated');
    expect(plain.state.status).toBe('compensated');
    expect(plain.types.slice(-3)).toEqual(['step.succeeded', 'run.compensating', 'run.compensated']);
  });
});
