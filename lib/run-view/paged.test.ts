/** The view of a big run from pages, per-node latest steps and the live tail of its log. */
import { describe, expect, it } from 'vitest';
import { applyLogs, initialRunView } from './reduce';
import { pagedNodeStatuses, pagedRunView, type NodeRow, type StepRow } from './paged';
import type { RunLogRecord } from '../engine/types';

const graph = {
  nodes: [{ id: 'start' }, { id: 'work' }, { id: 'loop' }, { id: 'done' }],
  edges: [
    { id: 'e1', source: 'start', target: 'work' },
    { id: 'e2', source: 'work', target: 'loop' },
    { id: 'e3', source: 'loop', sourcePort: 'again', target: 'work' },
    { id: 'e4', source: 'loop', sourcePort: 'default', target: 'done' },
  ],
};

const row = (stepId: string, status = 'succeeded', at = 1): StepRow => ({ stepId, nodeId: stepId.split('#')[0], status, attempts: 1, input: null, output: { at }, error: null, startedAt: at, endedAt: status === 'running' ? null : at });
const nodeRow = (stepId: string, activations: number, status = 'succeeded'): NodeRow => {
  const { input: _i, output: _o, ...r } = row(stepId, status);
  return { ...r, activations };
};

describe('pagedRunView', () => {
  const pages = [row('start#1'), row('work#1'), row('loop#1')];
  const nodes = [nodeRow('start#1', 1), nodeRow('work#9000', 9000, 'running'), nodeRow('loop#8999', 8999)];
  const run = { status: 'running' as const, error: null, live: ['work#9000'] };

  it('lists the loaded pages, points each node at its latest step, and counts its activations', () => {
    const v = pagedRunView({ tail: initialRunView(), run, pages, complete: false, nodes }, graph);
    expect(v.order).toEqual(['start#1', 'work#1', 'loop#1']);
    expect(v.latestByNode).toEqual({ start: 'start#1', work: 'work#9000', loop: 'loop#8999' });
    expect(v.steps['work#9000']).toMatchObject({ status: 'running', index: 9000 });
    expect(v.live).toEqual(['work#9000']);
    expect([...v.taken].sort()).toEqual(['e1', 'e2', 'e3']);
    expect([...v.active].sort()).toEqual(['e1', 'e3']);
    const n = pagedNodeStatuses(v, graph, nodes);
    expect(n.work).toMatchObject({ status: 'running', activations: 9000, stepId: 'work#9000' });
    expect(n.done.status).toBe('pending');
  });

  it('folds the live tail on top; its new steps follow the list once every page is loaded', () => {
    const log = [
      { seq: 40_001, at: 5, type: 'step.succeeded', stepId: 'work#9000', nodeId: 'work', attempt: 1, output: { ok: 1 }, port: 'out', input: null, startedAt: 4 },
      { seq: 40_002, at: 5, type: 'edge.taken', edgeId: 'e2', fromStepId: 'work#9000' },
      { seq: 40_003, at: 5, type: 'step.activated', stepId: 'loop#9000', nodeId: 'loop', edgeId: 'e2' },
    ] as RunLogRecord[];
    const tail = applyLogs({ ...initialRunView(), lastSeq: 40_000 }, log);
    const open = pagedRunView({ tail, run, pages, complete: false, nodes }, graph);
    expect(open.order).toEqual(['start#1', 'work#1', 'loop#1']);
    expect(open.latestByNode.loop).toBe('loop#9000');
    expect(open.steps['work#9000']).toMatchObject({ status: 'succeeded', output: { ok: 1 } });
    expect(open.live).toEqual(['loop#9000']);
    const done = pagedRunView({ tail, run, pages, complete: true, nodes }, graph);
    expect(done.order).toEqual(['start#1', 'work#1', 'loop#1', 'loop#9000']);
  });

  it('a failed step the run went past is shown as handled; the one that failed the run is not', () => {
    const failed = { ...row('work#3', 'failed'), error: { message: 'boom', nodeId: 'work' } };
    const going = pagedRunView({ tail: initialRunView(), run, pages: [failed], complete: true, nodes: [] }, graph);
    expect(going.steps['work#3']).toMatchObject({ handled: true, port: 'error' });
    const over = pagedRunView({ tail: initialRunView(), run: { status: 'failed', error: { message: 'boom', nodeId: 'work' }, live: [] }, pages: [failed], complete: true, nodes: [] }, graph);
    expect(over.steps['work#3'].handled).toBe(false);
    expect(over.status).toBe('failed');
  });
});
