/**
 * Folds a run's log records into a {@link RunView}. Pure and immutable: the state
 * passed in is never modified (React can compare by reference); a batch copies the
 * top-level maps once and each touched step once.
 *
 * Invariants:
 * - records are applied in `seq` order; a record with `seq ≤ lastSeq` is a
 *   duplicate (replay overlap after a reconnect) and is ignored;
 * - the run status while active mirrors the engine's `settle`: `running` if a step
 *   runs, else `waiting` if a user task waits for a person, else `running`;
 * - `active` = edges into live (running/waiting) steps, recomputed per batch.
 */
import type { RunLogRecord } from '../engine/types';
import type { RunView, StepRun } from './types';

export function initialRunView(): RunView {
  return {
    status: 'pending',
    input: undefined,
    output: undefined,
    error: null,
    cancelled: null,
    startedAt: null,
    endedAt: null,
    lastSeq: 0,
    steps: {},
    order: [],
    latestByNode: {},
    live: [],
    taken: new Set(),
    active: new Set(),
    inFlightEdge: null,
  };
}

/** Applies one record. Returns `state` itself when the record is a duplicate. */
export function applyLog(state: RunView, record: RunLogRecord): RunView {
  return applyLogs(state, [record]);
}

/** Folds a whole log (e.g. a replay from seq 0) into a fresh view. */
export function reduceLog(records: readonly RunLogRecord[], from: RunView = initialRunView()): RunView {
  return applyLogs(from, records);
}

/** Applies a batch of records in one copy. Returns `state` itself when every record is a duplicate. */
export function applyLogs(state: RunView, records: readonly RunLogRecord[]): RunView {
  if (!records.some((r) => r.seq > state.lastSeq)) return state;
  const b = new Batch(state);
  for (const r of records) if (r.seq > b.v.lastSeq) b.apply(r);
  return b.finish();
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Mutable working copy of one batch; only objects it copied are ever written to. */
class Batch {
  readonly v: RunView & { steps: Record<string, StepRun>; latestByNode: Record<string, string>; order: string[]; taken: Set<string> };
  private readonly copied = new Set<string>();
  private readonly liveSet: Set<string>;

  constructor(s: RunView) {
    this.v = { ...s, steps: { ...s.steps }, latestByNode: { ...s.latestByNode }, order: [...s.order], taken: new Set(s.taken) };
    this.liveSet = new Set(s.live);
  }

  private step(id: string): StepRun | undefined {
    const cur = this.v.steps[id];
    if (!cur || this.copied.has(id)) return cur;
    const copy = { ...cur, inEdges: [...cur.inEdges], outEdges: [...cur.outEdges] };
    this.v.steps[id] = copy;
    this.copied.add(id);
    return copy;
  }

  /** The step a result record is about, created if its activation was never seen (defensive: a log always activates first). */
  private ensure(id: string, nodeId: string, at: number): StepRun {
    const s = this.step(id);
    if (s) return s;
    this.activate(id, nodeId, null, at);
    return this.v.steps[id]!;
  }

  private activate(stepId: string, nodeId: string, edgeId: string | null, at: number): void {
    this.v.order.push(stepId);
    this.v.steps[stepId] = {
      stepId,
      nodeId,
      status: 'running',
      index: this.v.order.length,
      attempts: 0,
      activatedAt: at,
      startedAt: null,
      endedAt: null,
      viaEdgeId: edgeId,
      inEdges: edgeId ? [edgeId] : [],
      outEdges: [],
      port: null,
      input: undefined,
      output: undefined,
      error: null,
      taskId: null,
      decision: null,
      join: null,
    };
    this.copied.add(stepId);
    this.v.latestByNode[nodeId] = stepId;
    this.liveSet.add(stepId);
  }

  private end(s: StepRun, status: StepRun['status'], at: number): void {
    s.status = status;
    s.endedAt = at;
    this.liveSet.delete(s.stepId);
  }

  apply(r: RunLogRecord): void {
    const v = this.v;
    v.lastSeq = r.seq;
    switch (r.type) {
      case 'run.started':
        v.status = 'running';
        v.input = r.input;
        v.startedAt = r.at;
        break;
      case 'step.activated':
        this.activate(r.stepId, r.nodeId, r.edgeId, r.at);
        this.v.inFlightEdge = null;
        break;
      case 'edge.taken': {
        v.taken.add(r.edgeId);
        const from = this.step(r.fromStepId);
        if (from && !from.outEdges.includes(r.edgeId)) from.outEdges.push(r.edgeId);
        this.v.inFlightEdge = r.edgeId;
        break;
      }
      case 'join.arrived': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        s.status = 'waiting';
        s.join = { arrived: r.arrived, expected: r.expected };
        const e = this.v.inFlightEdge;
        if (e && !s.inEdges.includes(e)) s.inEdges.push(e);
        this.v.inFlightEdge = null;
        break;
      }
      case 'step.succeeded': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        s.attempts = Math.max(s.attempts, r.attempt);
        s.startedAt = r.startedAt;
        s.port = r.port;
        s.output = r.output;
        if (r.input !== null || s.input === undefined) s.input = r.input;
        this.end(s, 'succeeded', r.at);
        break;
      }
      case 'step.failed': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        s.attempts = Math.max(s.attempts, r.attempt);
        s.startedAt = r.startedAt;
        s.error = r.error;
        s.input = r.input;
        this.end(s, 'failed', r.at);
        break;
      }
      case 'step.waiting': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        s.status = 'waiting';
        s.attempts = Math.max(s.attempts, r.attempt);
        s.startedAt = r.startedAt;
        s.taskId = r.taskId;
        s.input = r.input;
        break;
      }
      case 'task.completed': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        s.taskId = r.taskId;
        s.decision = { outcome: r.outcome, by: r.by, data: r.data, at: r.at };
        break;
      }
      case 'step.cancelled': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        this.end(s, 'cancelled', r.at);
        break;
      }
      case 'run.succeeded':
        v.status = 'succeeded';
        v.output = r.output;
        v.endedAt = r.at;
        break;
      case 'run.failed':
        v.status = 'failed';
        v.error = r.error;
        v.endedAt = r.at;
        break;
      case 'run.cancelled':
        v.status = 'cancelled';
        v.cancelled = { by: r.by, reason: r.reason };
        v.endedAt = r.at;
        break;
    }
    if (!TERMINAL.has(v.status) && v.status !== 'pending') v.status = this.derivedStatus();
  }

  private derivedStatus(): 'running' | 'waiting' {
    let waitingTask = false;
    for (const id of this.liveSet) {
      const s = this.v.steps[id]!;
      if (s.status === 'running') return 'running';
      if (s.status === 'waiting' && s.taskId) waitingTask = true;
    }
    return waitingTask ? 'waiting' : 'running';
  }

  finish(): RunView {
    const v = this.v;
    // Order of `live` follows activation order so lists stay stable.
    v.live = v.order.filter((id) => this.liveSet.has(id));
    const active = new Set<string>();
    for (const id of v.live) for (const e of v.steps[id]!.inEdges) active.add(e);
    v.active = active;
    return v;
  }
}
