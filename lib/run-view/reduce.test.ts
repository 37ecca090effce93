/** The run view reducer over handcrafted log sequences (linear, parallel, exclusive, failure, waiting task). */
import { describe, expect, it } from 'vitest';
import type { RunLogRecord } from '../engine/types';
import { applyLog, initialRunView, reduceLog } from './reduce';
import { nodeStatuses } from './node-status';
import type { RunGraph, RunView } from './types';

type Body = RunLogRecord extends infer R ? (R extends unknown ? Omit<R, 'seq' | 'at'> & { at?: number } : never) : never;

const T0 = 1_700_000_000_000;

/** Stamps seq 1..n; `at` defaults to T0 + 10·seq. */
function log(...bodies: Body[]): RunLogRecord[] {
  return bodies.map((b, i) => ({ ...b, seq: i + 1, at: b.at ?? T0 + 10 * (i + 1) }) as RunLogRecord);
}

function graph(edges: [id: string, source: string, port: string, target: string][]): RunGraph {
  const ids = new Set(edges.flatMap(([, s, , t]) => [s, t]));
  return { nodes: [...ids].map((id) => ({ id })), edges: edges.map(([id, source, sourcePort, target]) => ({ id, source, sourcePort, target })) };
}

const statusOf = (v: RunView, g: RunGraph) => Object.fromEntries(Object.entries(nodeStatuses(v, g)).map(([k, n]) => [k, n.status]));

/** Every prefix of the log, folded one record at a time. */
function prefixes(records: RunLogRecord[]): RunView[] {
  const out: RunView[] = [];
  let v = initialRunView();
  for (const r of records) out.push((v = applyLog(v, r)));
  return out;
}

describe('linear run', () => {
  const g = graph([
    ['e1', 'start', 'out', 'fetch'],
    ['e2', 'fetch', 'out', 'end'],
  ]);
  const records = log(
    { type: 'run.started', input: { a: 1 } },
    { type: 'step.activated', stepId: 'start#1', nodeId: 'start', edgeId: null },
    { type: 'step.succeeded', stepId: 'start#1', nodeId: 'start', attempt: 1, output: { a: 1 }, port: 'out', input: null, startedAt: T0 + 10 },
    { type: 'edge.taken', edgeId: 'e1', fromStepId: 'start#1' },
    { type: 'step.activated', stepId: 'fetch#1', nodeId: 'fetch', edgeId: 'e1' },
    { type: 'step.succeeded', stepId: 'fetch#1', nodeId: 'fetch', attempt: 2, output: { status: 200 }, port: 'out', input: { url: '/x' }, startedAt: T0 + 55, at: T0 + 100 },
    { type: 'edge.taken', edgeId: 'e2', fromStepId: 'fetch#1', at: T0 + 100 },
    { type: 'step.activated', stepId: 'end#1', nodeId: 'end', edgeId: 'e2', at: T0 + 100 },
    { type: 'step.succeeded', stepId: 'end#1', nodeId: 'end', attempt: 1, output: { ok: true }, port: 'out', input: null, startedAt: T0 + 110, at: T0 + 120 },
    { type: 'run.succeeded', output: { ok: true }, at: T0 + 120 },
  );

  it('folds steps, edges, status and output', () => {
    const v = reduceLog(records);
    expect(v.status).toBe('succeeded');
    expect(v.lastSeq).toBe(10);
    expect(v.input).toEqual({ a: 1 });
    expect(v.output).toEqual({ ok: true });
    expect(v.startedAt).toBe(T0 + 10);
    expect(v.endedAt).toBe(T0 + 120);
    expect(v.order).toEqual(['start#1', 'fetch#1', 'end#1']);
    const fetch = v.steps['fetch#1']!;
    expect(fetch).toMatchObject({ status: 'succeeded', attempts: 2, startedAt: T0 + 55, endedAt: T0 + 100, viaEdgeId: 'e1', port: 'out', output: { status: 200 }, input: { url: '/x' }, index: 2 });
    expect([...v.taken].sort()).toEqual(['e1', 'e2']);
    expect(v.active.size).toBe(0);
    expect(v.live).toEqual([]);
    expect(statusOf(v, g)).toEqual({ start: 'succeeded', fetch: 'succeeded', end: 'succeeded' });
    // The duration covers every attempt: from the token's arrival (T0 + 50) to the end of the last attempt (T0 + 100).
    expect(nodeStatuses(v, g).fetch).toMatchObject({ attempts: 2, durationMs: 50, activations: 1 });
  });

  it('shows the running step, its incoming edge as active, and what is still ahead as pending', () => {
    const v = reduceLog(records.slice(0, 5));
    expect(v.status).toBe('running');
    expect(v.live).toEqual(['fetch#1']);
    expect([...v.active]).toEqual(['e1']);
    expect(statusOf(v, g)).toEqual({ start: 'succeeded', fetch: 'running', end: 'pending' });
  });

  it('ignores duplicates (seq ≤ lastSeq) and returns the same object', () => {
    const v = reduceLog(records);
    expect(applyLog(v, records[4]!)).toBe(v);
    const replayed = reduceLog([...records.slice(0, 6), ...records], initialRunView());
    expect(replayed).toEqual(v);
    // A reconnect replays an overlap: folding it on top changes nothing.
    expect(reduceLog(records.slice(3), reduceLog(records.slice(0, 7)))).toEqual(v);
  });

  it('one record at a time gives the same result as one batch, without mutating earlier states', () => {
    const steps = prefixes(records);
    const snapshot = JSON.stringify(steps[4]!.steps);
    expect(steps.at(-1)).toEqual(reduceLog(records));
    expect(JSON.stringify(steps[4]!.steps)).toBe(snapshot);
    expect(steps[4]!.taken.has('e2')).toBe(false);
  });

  it('is pending before run.started', () => {
    const v = initialRunView();
    expect(v.status).toBe('pending');
    expect(statusOf(v, g)).toEqual({ start: 'pending', fetch: 'pending', end: 'pending' });
  });
});

describe('parallel split and join', () => {
  const g = graph([
    ['e1', 'start', 'out', 'split'],
    ['e2', 'split', 'out', 'a'],
    ['e3', 'split', 'out', 'b'],
    ['e4', 'a', 'out', 'join'],
    ['e5', 'b', 'out', 'join'],
    ['e6', 'join', 'out', 'end'],
  ]);
  const records = log(
    { type: 'run.started', input: {} },
    { type: 'step.activated', stepId: 'start#1', nodeId: 'start', edgeId: null },
    { type: 'step.succeeded', stepId: 'start#1', nodeId: 'start', attempt: 1, output: {}, port: 'out', input: null, startedAt: T0 },
    { type: 'edge.taken', edgeId: 'e1', fromStepId: 'start#1' },
    { type: 'step.activated', stepId: 'split#1', nodeId: 'split', edgeId: 'e1' },
    { type: 'step.succeeded', stepId: 'split#1', nodeId: 'split', attempt: 1, output: null, port: 'out', input: null, startedAt: T0 },
    { type: 'edge.taken', edgeId: 'e2', fromStepId: 'split#1' },
    { type: 'step.activated', stepId: 'a#1', nodeId: 'a', edgeId: 'e2' },
    { type: 'edge.taken', edgeId: 'e3', fromStepId: 'split#1' },
    { type: 'step.activated', stepId: 'b#1', nodeId: 'b', edgeId: 'e3' }, // 10: both branches run
    { type: 'step.succeeded', stepId: 'b#1', nodeId: 'b', attempt: 1, output: 'B', port: 'out', input: null, startedAt: T0 },
    { type: 'edge.taken', edgeId: 'e5', fromStepId: 'b#1' },
    { type: 'step.activated', stepId: 'join#1', nodeId: 'join', edgeId: 'e5' },
    { type: 'join.arrived', stepId: 'join#1', nodeId: 'join', forkId: 'f1', arrived: 1, expected: 2 }, // 14: b arrived, a runs
    { type: 'step.succeeded', stepId: 'a#1', nodeId: 'a', attempt: 1, output: 'A', port: 'out', input: null, startedAt: T0 },
    { type: 'edge.taken', edgeId: 'e4', fromStepId: 'a#1' },
    { type: 'join.arrived', stepId: 'join#1', nodeId: 'join', forkId: 'f1', arrived: 2, expected: 2 },
    { type: 'step.succeeded', stepId: 'join#1', nodeId: 'join', attempt: 1, output: null, port: 'out', input: null, startedAt: T0 },
    { type: 'edge.taken', edgeId: 'e6', fromStepId: 'join#1' },
    { type: 'step.activated', stepId: 'end#1', nodeId: 'end', edgeId: 'e6' }, // 20
    { type: 'step.succeeded', stepId: 'end#1', nodeId: 'end', attempt: 1, output: 1, port: 'out', input: null, startedAt: T0 },
    { type: 'run.succeeded', output: 1 },
  );

  it('lights both branches side by side, with both incoming edges active', () => {
    const v = reduceLog(records.slice(0, 10));
    expect(v.live).toEqual(['a#1', 'b#1']);
    expect([...v.active].sort()).toEqual(['e2', 'e3']);
    expect(statusOf(v, g)).toMatchObject({ split: 'succeeded', a: 'running', b: 'running', join: 'pending', end: 'pending' });
  });

  it('the second branch stays pending while the first is taken (records applied one by one)', () => {
    const v = reduceLog(records.slice(0, 8)); // e2 taken, e3 not yet
    expect(statusOf(v, g)).toMatchObject({ a: 'running', b: 'pending', join: 'pending' });
    const gap = reduceLog(records.slice(0, 6)); // split succeeded, no edge taken yet
    expect(statusOf(gap, g)).toMatchObject({ a: 'pending', b: 'pending', end: 'pending' });
  });

  it('a join waiting for a branch is waiting, credits each arriving edge, and keeps the run running', () => {
    const v = reduceLog(records.slice(0, 14));
    expect(v.status).toBe('running');
    expect(v.steps['join#1']).toMatchObject({ status: 'waiting', join: { arrived: 1, expected: 2 }, inEdges: ['e5'] });
    expect([...v.active].sort()).toEqual(['e2', 'e5']);
    const after = reduceLog(records.slice(0, 17));
    expect(after.steps['join#1']!.inEdges).toEqual(['e5', 'e4']);
    expect(after.steps['join#1']!.join).toEqual({ arrived: 2, expected: 2 });
  });

  it('ends with every node succeeded and every edge taken', () => {
    const v = reduceLog(records);
    expect(v.status).toBe('succeeded');
    expect(v.taken.size).toBe(6);
    expect(new Set(Object.values(statusOf(v, g)))).toEqual(new Set(['succeeded']));
  });
});

describe('exclusive gateway with a skipped branch', () => {
  const g = graph([
    ['e1', 'start', 'out', 'gw'],
    ['e2', 'gw', 'high', 'fast'],
    ['e3', 'gw', 'default', 'slow'],
    ['e4', 'fast', 'out', 'done'],
    ['e5', 'slow', 'out', 'review'],
    ['e6', 'review', 'out', 'done'],
  ]);
  const records = log(
    { type: 'run.started', input: {} },
    { type: 'step.activated', stepId: 'start#1', nodeId: 'start', edgeId: null },
    { type: 'step.succeeded', stepId: 'start#1', nodeId: 'start', attempt: 1, output: {}, port: 'out', input: null, startedAt: T0 },
    { type: 'edge.taken', edgeId: 'e1', fromStepId: 'start#1' },
    { type: 'step.activated', stepId: 'gw#1', nodeId: 'gw', edgeId: 'e1' }, // 5: gateway deciding
    { type: 'step.succeeded', stepId: 'gw#1', nodeId: 'gw', attempt: 1, output: { port: 'high' }, port: 'high', input: null, startedAt: T0 },
    { type: 'edge.taken', edgeId: 'e2', fromStepId: 'gw#1' },
    { type: 'step.activated', stepId: 'fast#1', nodeId: 'fast', edgeId: 'e2' }, // 8
    { type: 'step.succeeded', stepId: 'fast#1', nodeId: 'fast', attempt: 1, output: 1, port: 'out', input: null, startedAt: T0 },
    { type: 'edge.taken', edgeId: 'e4', fromStepId: 'fast#1' },
    { type: 'step.activated', stepId: 'done#1', nodeId: 'done', edgeId: 'e4' },
    { type: 'step.succeeded', stepId: 'done#1', nodeId: 'done', attempt: 1, output: 1, port: 'out', input: null, startedAt: T0 },
    { type: 'run.succeeded', output: 1 },
  );

  it('while the gateway decides, every branch is pending', () => {
    expect(statusOf(reduceLog(records.slice(0, 5)), g)).toMatchObject({ gw: 'running', fast: 'pending', slow: 'pending', review: 'pending', done: 'pending' });
  });

  it('once it chose, the other branch is skipped while the run still runs; the shared end stays pending', () => {
    const v = reduceLog(records.slice(0, 8));
    expect(v.status).toBe('running');
    expect(statusOf(v, g)).toEqual({ start: 'succeeded', gw: 'succeeded', fast: 'running', slow: 'skipped', review: 'skipped', done: 'pending' });
    // Between the gateway's result and its edge.taken the chosen branch is still pending, not skipped.
    expect(statusOf(reduceLog(records.slice(0, 6)), g)).toMatchObject({ fast: 'pending', slow: 'skipped' });
  });

  it('at the end, never-activated nodes are skipped and untaken edges stay untaken', () => {
    const v = reduceLog(records);
    expect(statusOf(v, g)).toMatchObject({ slow: 'skipped', review: 'skipped', done: 'succeeded' });
    expect(v.taken.has('e3')).toBe(false);
    expect(v.steps['gw#1']!.port).toBe('high');
  });
});

describe('failure', () => {
  const g = graph([
    ['e1', 'start', 'out', 'split'],
    ['e2', 'split', 'out', 'a'],
    ['e3', 'split', 'out', 'b'],
    ['e4', 'a', 'out', 'join'],
    ['e5', 'b', 'out', 'join'],
  ]);
  const error = { message: 'HTTP 503 from /api/demo/x', code: 'HTTP_ERROR', nodeId: 'a', stepId: 'a#1' };
  const records = log(
    { type: 'run.started', input: {} },
    { type: 'step.activated', stepId: 'start#1', nodeId: 'start', edgeId: null },
    { type: 'step.succeeded', stepId: 'start#1', nodeId: 'start', attempt: 1, output: {}, port: 'out', input: null, startedAt: T0 },
    { type: 'edge.taken', edgeId: 'e1', fromStepId: 'start#1' },
    { type: 'step.activated', stepId: 'split#1', nodeId: 'split', edgeId: 'e1' },
    { type: 'step.succeeded', stepId: 'split#1', nodeId: 'split', attempt: 1, output: null, port: 'out', input: null, startedAt: T0 },
    { type: 'edge.taken', edgeId: 'e2', fromStepId: 'split#1' },
    { type: 'step.activated', stepId: 'a#1', nodeId: 'a', edgeId: 'e2' },
    { type: 'edge.taken', edgeId: 'e3', fromStepId: 'split#1' },
    { type: 'step.activated', stepId: 'b#1', nodeId: 'b', edgeId: 'e3' },
    { type: 'step.failed', stepId: 'a#1', nodeId: 'a', attempt: 3, error, input: { url: '/x' }, startedAt: T0 + 200, at: T0 + 300 },
    { type: 'step.cancelled', stepId: 'b#1', nodeId: 'b', at: T0 + 300 },
    { type: 'run.failed', error, at: T0 + 300 },
  );

  it('records the error on the step and the run, cancels the sibling, skips the rest', () => {
    const v = reduceLog(records);
    expect(v.status).toBe('failed');
    expect(v.error).toEqual(error);
    expect(v.endedAt).toBe(T0 + 300);
    expect(v.steps['a#1']).toMatchObject({ status: 'failed', attempts: 3, error, startedAt: T0 + 200, endedAt: T0 + 300 });
    expect(v.steps['b#1']).toMatchObject({ status: 'cancelled', endedAt: T0 + 300 });
    expect(v.live).toEqual([]);
    expect(v.active.size).toBe(0);
    expect(statusOf(v, g)).toEqual({ start: 'succeeded', split: 'succeeded', a: 'failed', b: 'cancelled', join: 'skipped' });
  });
});

describe('waiting user task', () => {
  const g = graph([
    ['e1', 'start', 'out', 'approve'],
    ['e2', 'approve', 'approve', 'done'],
    ['e3', 'approve', 'reject', 'rejected'],
  ]);
  const records = log(
    { type: 'run.started', input: { amount: 500 } },
    { type: 'step.activated', stepId: 'start#1', nodeId: 'start', edgeId: null },
    { type: 'step.succeeded', stepId: 'start#1', nodeId: 'start', attempt: 1, output: {}, port: 'out', input: null, startedAt: T0 },
    { type: 'edge.taken', edgeId: 'e1', fromStepId: 'start#1' },
    { type: 'step.activated', stepId: 'approve#1', nodeId: 'approve', edgeId: 'e1' },
    { type: 'step.waiting', stepId: 'approve#1', nodeId: 'approve', attempt: 1, taskId: 'task_1', input: { title: 'Approve' }, startedAt: T0 + 50 }, // 6
    { type: 'task.completed', stepId: 'approve#1', nodeId: 'approve', taskId: 'task_1', outcome: 'reject', data: { comment: 'too much' }, by: 'sam', at: T0 + 5000 },
    { type: 'step.succeeded', stepId: 'approve#1', nodeId: 'approve', attempt: 1, output: { outcome: 'reject' }, port: 'reject', input: null, startedAt: T0 + 50, at: T0 + 5000 },
    { type: 'edge.taken', edgeId: 'e3', fromStepId: 'approve#1', at: T0 + 5000 },
    { type: 'step.activated', stepId: 'rejected#1', nodeId: 'rejected', edgeId: 'e3', at: T0 + 5000 },
    { type: 'step.succeeded', stepId: 'rejected#1', nodeId: 'rejected', attempt: 1, output: null, port: 'out', input: null, startedAt: T0 + 5001, at: T0 + 5002 },
    { type: 'run.succeeded', output: null, at: T0 + 5002 },
  );

  it('parks: the run is waiting, the step has its task id, both outcomes are still possible', () => {
    const v = reduceLog(records.slice(0, 6));
    expect(v.status).toBe('waiting');
    expect(v.steps['approve#1']).toMatchObject({ status: 'waiting', taskId: 'task_1', attempts: 1, input: { title: 'Approve' }, endedAt: null });
    expect([...v.active]).toEqual(['e1']);
    expect(statusOf(v, g)).toEqual({ start: 'succeeded', approve: 'waiting', done: 'pending', rejected: 'pending' });
  });

  it('the decision is recorded, the untaken outcome is skipped, and the step keeps its input', () => {
    const mid = reduceLog(records.slice(0, 10));
    expect(mid.status).toBe('running');
    expect(statusOf(mid, g)).toMatchObject({ approve: 'succeeded', done: 'skipped', rejected: 'running' });
    const v = reduceLog(records);
    expect(v.steps['approve#1']).toMatchObject({
      status: 'succeeded',
      port: 'reject',
      input: { title: 'Approve' },
      decision: { outcome: 'reject', by: 'sam', data: { comment: 'too much' }, at: T0 + 5000 },
    });
    expect(v.status).toBe('succeeded');
  });

  it('a cancelled run cancels the waiting step and records who', () => {
    const v = reduceLog([
      ...records.slice(0, 6),
      { seq: 7, at: T0 + 900, type: 'step.cancelled', stepId: 'approve#1', nodeId: 'approve' },
      { seq: 8, at: T0 + 900, type: 'run.cancelled', by: 'alex', reason: 'duplicate' },
    ]);
    expect(v.status).toBe('cancelled');
    expect(v.cancelled).toEqual({ by: 'alex', reason: 'duplicate' });
    expect(statusOf(v, g)).toEqual({ start: 'succeeded', approve: 'cancelled', done: 'skipped', rejected: 'skipped' });
  });
});

describe('loops', () => {
  it('a node activated twice shows its latest step and counts activations', () => {
    const g = graph([
      ['e1', 'start', 'out', 'check'],
      ['e2', 'check', 'again', 'check'],
      ['e3', 'check', 'default', 'end'],
    ]);
    const v = reduceLog(
      log(
        { type: 'run.started', input: {} },
        { type: 'step.activated', stepId: 'start#1', nodeId: 'start', edgeId: null },
        { type: 'step.succeeded', stepId: 'start#1', nodeId: 'start', attempt: 1, output: {}, port: 'out', input: null, startedAt: T0 },
        { type: 'edge.taken', edgeId: 'e1', fromStepId: 'start#1' },
        { type: 'step.activated', stepId: 'check#1', nodeId: 'check', edgeId: 'e1' },
        { type: 'step.succeeded', stepId: 'check#1', nodeId: 'check', attempt: 1, output: 1, port: 'again', input: null, startedAt: T0 },
        { type: 'edge.taken', edgeId: 'e2', fromStepId: 'check#1' },
        { type: 'step.activated', stepId: 'check#2', nodeId: 'check', edgeId: 'e2' },
      ),
    );
    expect(v.latestByNode.check).toBe('check#2');
    expect(nodeStatuses(v, g).check).toMatchObject({ status: 'running', activations: 2, stepId: 'check#2' });
    expect(nodeStatuses(v, g).end!.status).toBe('pending');
    expect([...v.active]).toEqual(['e2']);
  });
});
