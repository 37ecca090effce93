/**
 * The run view over real engine logs of the resilience features: retries with
 * backoff, error ports, compensation (saga), timers and due dates, sub-workflows,
 * for-each and retry from failure.
 */
import { describe, expect, it } from 'vitest';
import { Driver, drive, T0 } from '../engine/__tests__/drive';
import { fixture } from '../engine/__tests__/fixtures';
import type { EngineError, RunLogRecord } from '../engine/types';
import { nodeStatuses } from './node-status';
import { parentRun, runHref } from './links';
import { clockTime, formatCountdown, stepDetail } from './overlay';
import { applyLog, initialRunView, reduceLog } from './reduce';
import type { RunGraph, RunView } from './types';

const transient = (message = 'HTTP 503 Service Unavailable'): { fail: EngineError } => ({ fail: { message, code: 'HTTP_503', retryable: true } });

const statusOf = (v: RunView, g: RunGraph) => Object.fromEntries(Object.entries(nodeStatuses(v, g)).map(([k, n]) => [k, n.status]));

/** The view after the first record of `type` (matching `pred`), folded one record at a time. */
function viewAt(log: readonly RunLogRecord[], pred: (r: RunLogRecord) => boolean): RunView {
  let v = initialRunView();
  for (const r of log) {
    v = applyLog(v, r);
    if (pred(r)) return v;
  }
  throw new Error('no such record');
}

/** The detail the canvas shows for `nodeId` at `now`. */
function detailOf(v: RunView, g: RunGraph, nodeId: string, now: number, labels: Record<string, string> = {}) {
  const info = nodeStatuses(v, g)[nodeId]!;
  return stepDetail(v.steps[info.stepId!]!, info.status, now, (id) => labels[id] ?? id);
}

describe('retries with backoff', () => {
  const doc = fixture('retry');
  const d = drive(doc, { fetch: (_n, attempt) => (attempt < 3 ? transient() : { output: { score: 700 } }) });

  it('between attempts the step is retrying: attempt n of max with a countdown, then running once due', () => {
    const v = viewAt(d.log, (r) => r.type === 'step.retrying');
    const retrying = d.of('step.retrying')[0]!;
    expect(v.status).toBe('running');
    expect(v.live).toEqual(['fetch#1']);
    expect(v.steps['fetch#1']).toMatchObject({
      status: 'running',
      attempts: 1,
      retry: { nextAttempt: 2, maxAttempts: 3, dueAt: retrying.dueAt, delayMs: 1000 },
      failures: [{ attempt: 1, error: { message: 'HTTP 503 Service Unavailable', code: 'HTTP_503' }, at: retrying.at, delayMs: 1000 }],
    });
    expect(statusOf(v, doc)).toMatchObject({ fetch: 'retrying', done: 'pending' });
    expect(detailOf(v, doc, 'fetch', retrying.dueAt - 4000)).toEqual({ status: 'retrying', detail: 'attempt 2 of 3 · next in 4 s', href: null, ticking: true });
    expect(detailOf(v, doc, 'fetch', retrying.dueAt - 400).detail).toBe('attempt 2 of 3 · next in 1 s');
    expect(detailOf(v, doc, 'fetch', retrying.dueAt + 10)).toMatchObject({ status: 'running', detail: 'attempt 2 of 3' });
  });

  it('keeps every failed attempt in the step history and clears the pending retry on success', () => {
    const v = reduceLog(d.log);
    expect(v.status).toBe('succeeded');
    expect(v.steps['fetch#1']).toMatchObject({ status: 'succeeded', attempts: 3, retry: null });
    expect(v.steps['fetch#1']!.failures.map((f) => [f.attempt, f.delayMs])).toEqual([
      [1, 1000],
      [2, 2000],
    ]);
    expect(nodeStatuses(v, doc).fetch).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(detailOf(v, doc, 'fetch', T0).detail).toBeNull();
  });

  it('a step that exhausts its attempts fails the run with its last error', () => {
    const v = reduceLog(drive(doc, { fetch: transient('still down') }).log);
    expect(v.status).toBe('failed');
    expect(v.steps['fetch#1']).toMatchObject({ status: 'failed', attempts: 3, retry: null, handled: false, error: { message: 'still down' } });
    expect(v.steps['fetch#1']!.failures).toHaveLength(2);
  });
});

describe('error ports', () => {
  const doc = fixture('retry-error-edge');
  const d = drive(doc, { fetch: transient('HTTP 503 from GET /api/demo/credit-check') });

  it('a handled failure shows the node as handled, its error edge as taken, and the run goes on', () => {
    const v = reduceLog(d.log);
    expect(v.status).toBe('succeeded');
    expect(v.steps['fetch#1']).toMatchObject({ status: 'failed', handled: true, port: 'error', ports: ['error'], outEdges: ['e3'] });
    expect(v.taken.has('e3')).toBe(true);
    expect(v.taken.has('e2')).toBe(false);
    expect(statusOf(v, doc)).toEqual({ start: 'succeeded', fetch: 'handled', done: 'skipped', fallback: 'succeeded', done_fallback: 'succeeded' });
    expect(detailOf(v, doc, 'fetch', T0).detail).toBe('HTTP_503 → error path');
  });

  it('between the handled failure and its edge.taken, the error path is still pending and the normal one skipped', () => {
    const v = viewAt(d.log, (r) => r.type === 'step.failed');
    expect(v.status).toBe('running');
    expect(statusOf(v, doc)).toMatchObject({ fetch: 'handled', fallback: 'pending', done_fallback: 'pending', done: 'skipped' });
  });
});

describe('compensation (saga)', () => {
  const doc = fixture('saga');
  const failure = { message: 'HTTP 500 from POST /api/demo/ship', code: 'HTTP_500' };
  const d = drive(doc, { ship: { fail: failure } });
  const labels = { refund: 'Refund card', release: 'Release stock' };

  it('while the run is active, handlers are pending (a later failure may run them)', () => {
    const v = viewAt(d.log, (r) => r.type === 'step.activated' && r.nodeId === 'ship');
    expect(statusOf(v, doc)).toMatchObject({ reserve: 'succeeded', charge: 'succeeded', ship: 'running', refund: 'pending', release: 'pending', done: 'pending' });
  });

  it('compensates latest-completed first: the run is compensating, the step being undone shows it', () => {
    const v = viewAt(d.log, (r) => r.type === 'compensation.started');
    expect(v.status).toBe('compensating');
    expect(v.error).toMatchObject({ ...failure, nodeId: 'ship' });
    expect(v.compensation).toMatchObject({ handlers: ['refund#1'], endedAt: null, afterSteps: 4 });
    expect(v.steps['refund#1']).toMatchObject({ status: 'running', compensates: 'charge#1', viaEdgeId: 'c2' });
    expect(v.steps['charge#1']!.compensation).toEqual({ handlerStepId: 'refund#1', done: false });
    expect(statusOf(v, doc)).toEqual({
      start: 'succeeded',
      reserve: 'succeeded',
      release: 'pending',
      charge: 'compensating',
      refund: 'running',
      ship: 'failed',
      done: 'skipped',
    });
    expect([...v.active]).toEqual(['c2']);
    expect(detailOf(v, doc, 'refund', T0, { charge: 'Charge card' }).detail).toBe('undoes Charge card');
    expect(detailOf(v, doc, 'charge', T0).detail).toBe('being undone…');
  });

  it('ends compensated: both steps undone in reverse completion order, original error kept', () => {
    const v = reduceLog(d.log);
    expect(v.status).toBe('compensated');
    expect(v.error).toMatchObject(failure);
    expect(v.endedAt).not.toBeNull();
    expect(v.compensation!.handlers).toEqual(['refund#1', 'release#1']);
    expect(v.compensation!.endedAt).toBe(v.endedAt);
    expect(v.order).toEqual(['start#1', 'reserve#1', 'charge#1', 'ship#1', 'refund#1', 'release#1']);
    expect(statusOf(v, doc)).toEqual({
      start: 'succeeded',
      reserve: 'compensated',
      release: 'succeeded',
      charge: 'compensated',
      refund: 'succeeded',
      ship: 'failed',
      done: 'skipped',
    });
    expect(v.taken.has('c1') && v.taken.has('c2')).toBe(true);
    expect(v.live).toEqual([]);
    expect(detailOf(v, doc, 'charge', T0, labels).detail).toBe('undone by Refund card');
    expect(detailOf(v, doc, 'reserve', T0, labels).detail).toBe('undone by Release stock');
  });

  it('a compensate end compensates with no error', () => {
    const end = fixture('saga-compensate-end');
    const v = reduceLog(drive(end, { check: { port: 'default' } }).log);
    expect(v.status).toBe('compensated');
    expect(v.error).toBeNull();
    expect(statusOf(v, end)).toMatchObject({ reserve: 'compensated', release: 'succeeded', abort: 'succeeded', done: 'skipped' });
  });

  it('a handler that fails ends the run failed', () => {
    const v = reduceLog(drive(doc, { ship: { fail: failure }, refund: { fail: 'refund API down' } }).log);
    expect(v.status).toBe('failed');
    expect(v.error).toMatchObject({ code: 'COMPENSATION_FAILED', nodeId: 'refund' });
    expect(statusOf(v, doc)).toMatchObject({ charge: 'compensating', refund: 'failed', reserve: 'succeeded', release: 'skipped' });
  });
});

describe('timers', () => {
  it('a wait step waits until its due time, with a countdown, and the run is waiting', () => {
    const doc = fixture('wait');
    const due = T0 + 5 * 60_000;
    const d = drive(doc, { pause: { wait: due } });
    const v = reduceLog(d.log);
    expect(v.status).toBe('waiting');
    expect(v.steps['pause#1']).toMatchObject({ status: 'waiting', timer: { kind: 'wait', dueAt: due, firedAt: null } });
    expect(statusOf(v, doc)).toMatchObject({ pause: 'waiting', done: 'pending' });
    expect(detailOf(v, doc, 'pause', due - 12_000)).toEqual({ status: 'waiting', detail: `waits until ${clockTime(due, due)} · 12 s`, href: null, ticking: true });
    expect(detailOf(v, doc, 'pause', due - 125_000).detail).toBe(`waits until ${clockTime(due, due)} · 2 min 5 s`);

    const timerId = v.steps['pause#1']!.timer!.id;
    d.fire(timerId);
    const after = reduceLog(d.log);
    expect(after.status).toBe('succeeded');
    expect(after.steps['pause#1']!.timer!.firedAt).not.toBeNull();
    expect(statusOf(after, doc)).toMatchObject({ pause: 'succeeded', done: 'succeeded' });
  });

  it("a user task's due date shows, and an interrupting escalation is recorded", () => {
    const doc = fixture('escalation');
    const due = T0 + 3_600_000;
    const d = drive(doc, { approve: { park: { title: 'Approve' }, due: { at: due, escalation: 'interrupting' } } });
    const v = reduceLog(d.log);
    expect(v.status).toBe('waiting');
    expect(v.steps['approve#1']).toMatchObject({ status: 'waiting', taskId: 'task-approve#1', timer: { kind: 'due', dueAt: due } });
    expect(detailOf(v, doc, 'approve', due - 3_600_000).detail).toBe(`due ${clockTime(due, due)} · in 1 h 0 min`);
    d.fire(v.steps['approve#1']!.timer!.id);
    const after = reduceLog(d.log);
    expect(after.steps['approve#1']).toMatchObject({ status: 'succeeded', port: 'escalate', escalated: { interrupting: true } });
    expect(statusOf(after, doc)).toMatchObject({ approve: 'succeeded', manager: 'waiting', done: 'skipped' });
  });

  it('a reassignment shows on the still-waiting user task; older logs without a mode still read as a reminder', () => {
    const doc = fixture('reminder');
    const d = drive(doc, { approve: { park: { title: 'Approve' }, due: { at: T0 + 60_000, escalation: 'nonInterrupting', reassignTo: 'leads' } } });
    d.fire(reduceLog(d.log).steps['approve#1']!.timer!.id);
    const v = reduceLog(d.log);
    expect(v.steps['approve#1']).toMatchObject({ status: 'waiting', escalated: { interrupting: false, mode: 'nonInterrupting', reassignedTo: 'leads' } });
    expect(detailOf(v, doc, 'approve', T0 + 120_000).detail).toBe('overdue · reminder sent · reassigned to leads');
    const old = d.log.map((r) => (r.type === 'task.escalated' ? { seq: r.seq, at: r.at, type: r.type, stepId: r.stepId, nodeId: r.nodeId, taskId: r.taskId, interrupting: false } : r)) as RunLogRecord[];
    expect(detailOf(reduceLog(old), doc, 'approve', T0 + 120_000).detail).toBe('overdue · reminder sent');
  });

  it("the run's time limit is its deadline", () => {
    const v = reduceLog([
      { seq: 1, at: T0, type: 'run.started', input: {} },
      { seq: 2, at: T0, type: 'timer.scheduled', timerId: 'run-timeout', kind: 'runTimeout', stepId: null, nodeId: null, dueAt: T0 + 60_000 },
    ]);
    expect(v.deadline).toBe(T0 + 60_000);
  });

  it('formats countdowns and wall-clock times', () => {
    expect(formatCountdown(0)).toBe('now');
    expect(formatCountdown(3_001)).toBe('4 s');
    expect(formatCountdown(60_000)).toBe('1 min');
    expect(formatCountdown(61_000)).toBe('1 min 1 s');
    expect(formatCountdown(3 * 3_600_000 + 600_000)).toBe('3 h 10 min');
    const at = new Date(2025, 2, 4, 10, 42, 5).getTime();
    expect(clockTime(at, at + 1000)).toBe('10:42:05');
    expect(clockTime(at, at + 2 * 86_400_000)).toBe('4 Mar, 10:42');
  });
});

describe('child runs', () => {
  it('a sub-workflow step waits for its child run and links to it', () => {
    const doc = fixture('sub-workflow');
    const d = drive(doc, { sub: { child: { workflowId: 'wf_child', input: { order: 7 } } } });
    const v = reduceLog(d.log);
    expect(v.status).toBe('waiting');
    expect(v.steps['sub#1']).toMatchObject({
      status: 'waiting',
      input: { order: 7 },
      children: [{ childRunId: 'r1.sub#1', workflowId: 'wf_child', version: null, index: null, status: 'running' }],
    });
    expect(detailOf(v, doc, 'sub', T0)).toEqual({ status: 'waiting', detail: 'child run running ↗', href: '/runs/r1.sub%231', ticking: false });
    d.finishChild('r1.sub#1', 'succeeded', { ok: true });
    const after = reduceLog(d.log);
    expect(after.steps['sub#1']).toMatchObject({ status: 'succeeded', output: { ok: true }, children: [{ status: 'succeeded' }] });
    expect(detailOf(after, doc, 'sub', T0).detail).toBe('child run succeeded ↗');
  });

  it('a failed child takes the error edge', () => {
    const doc = fixture('sub-workflow');
    const d = drive(doc, { sub: { child: { workflowId: 'wf_child', input: {} } } });
    d.finishChild('r1.sub#1', 'failed', null, { message: 'boom' });
    const v = reduceLog(d.log);
    expect(v.steps['sub#1']).toMatchObject({ status: 'failed', handled: true, children: [{ status: 'failed' }], error: { code: 'CHILD_FAILED' } });
    expect(statusOf(v, doc)).toMatchObject({ sub: 'handled', recover: 'succeeded', done: 'skipped' });
  });

  it('a for-each step counts finished items and lists its children', () => {
    const doc = fixture('for-each');
    const d = drive(doc, { each: { map: { items: ['a', 'b', 'c'], concurrency: 2 } } });
    let v = reduceLog(d.log);
    expect(v.status).toBe('waiting');
    expect(v.steps['each#1']!.map).toEqual({ total: 3, done: 0, concurrency: 2 });
    expect(v.steps['each#1']!.children.map((c) => [c.childRunId, c.index, c.status])).toEqual([
      ['r1.each#1.0', 0, 'running'],
      ['r1.each#1.1', 1, 'running'],
    ]);
    expect(detailOf(v, doc, 'each', T0).detail).toBe('0 of 3 done · 2 running');
    d.finishChild('r1.each#1.1', 'succeeded', 'B');
    v = reduceLog(d.log);
    expect(v.steps['each#1']!.map!.done).toBe(1);
    expect(v.steps['each#1']!.children.map((c) => c.status)).toEqual(['running', 'succeeded', 'running']);
    expect(detailOf(v, doc, 'each', T0).detail).toBe('1 of 3 done · 2 running');
    d.finishChild('r1.each#1.0', 'succeeded', 'A');
    d.finishChild('r1.each#1.2', 'succeeded', 'C');
    v = reduceLog(d.log);
    expect(v.status).toBe('succeeded');
    expect(v.steps['each#1']).toMatchObject({ status: 'succeeded', map: { done: 3, total: 3 }, output: { results: ['A', 'B', 'C'] } });
    expect(detailOf(v, doc, 'each', T0).detail).toBe('3 of 3 done');
  });

  it('child run links escape the # of step ids', () => {
    expect(runHref('run_a.sub#1')).toBe('/runs/run_a.sub%231');
    expect(runHref('run_a.each#2.10')).toBe('/runs/run_a.each%232.10');
  });

  it('a child run knows its parent run, step and item from its id', () => {
    expect(parentRun('run_a')).toBeNull();
    expect(parentRun('run_a.sub#1')).toEqual({ runId: 'run_a', stepId: 'sub#1', index: null, rootRunId: 'run_a' });
    expect(parentRun('run_a.sub_2-1')).toEqual({ runId: 'run_a', stepId: 'sub_2#1', index: null, rootRunId: 'run_a' });
    expect(parentRun('run_a.each-3.0.sub-1')).toEqual({ runId: 'run_a.each-3.0', stepId: 'sub#1', index: null, rootRunId: 'run_a' });
    expect(parentRun('run_a.each#2.10')).toEqual({ runId: 'run_a', stepId: 'each#2', index: 10, rootRunId: 'run_a' });
    expect(parentRun('run_a.each#1.3.sub#1')).toEqual({ runId: 'run_a.each#1.3', stepId: 'sub#1', index: null, rootRunId: 'run_a' });
    expect(parentRun('run_a.odd')).toEqual({ runId: 'run_a', stepId: '', index: null, rootRunId: 'run_a' });
  });
});

describe('retry from failure', () => {
  it('back to running: the failed step stays in the history, the node shows its new step', () => {
    const doc = fixture('linear');
    const d = drive(doc, { fetch: [{ fail: 'HTTP 503' }, { output: { status: 200 } }] });
    const failed = reduceLog(d.log);
    expect(failed.status).toBe('failed');
    expect(statusOf(failed, doc).fetch).toBe('failed');

    d.send({ type: 'run.retry', by: 'ops', at: d.now(), fromVersion: 1, toVersion: 2 });
    const resumed = reduceLog(d.log.slice(failed.lastSeq), failed);
    expect(resumed.status).toBe('running');
    expect(resumed.error).toBeNull();
    expect(resumed.endedAt).toBeNull();
    expect(resumed.retries).toEqual([{ by: 'ops', at: expect.any(Number), fromVersion: 1, toVersion: 2, error: failed.error, afterSteps: failed.order.length }]);
    expect(resumed.steps['fetch#1']).toMatchObject({ status: 'failed', error: { message: 'HTTP 503' } });
    expect(resumed.latestByNode.fetch).toBe('fetch#2');
    expect(nodeStatuses(resumed, doc).fetch).toMatchObject({ status: 'running', activations: 2, stepId: 'fetch#2' });

    d.runUntilQuiescent();
    const done = reduceLog(d.log);
    expect(done.status).toBe('succeeded');
    expect(done).toEqual(reduceLog(d.log.slice(failed.lastSeq), failed));
    expect(done.order.filter((s) => s.startsWith('fetch'))).toEqual(['fetch#1', 'fetch#2']);
    expect(statusOf(done, doc).fetch).toBe('succeeded');
  });
});
