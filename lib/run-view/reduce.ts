/**
 * Folds a run's log records into a {@link RunView}. Pure and immutable: the state
 * passed in is never modified (React can compare by reference); a batch copies the
 * top-level maps once and each touched step once.
 *
 * Invariants:
 * - records are applied in `seq` order; a record with `seq ≤ lastSeq` is a
 *   duplicate (replay overlap after a reconnect) and is ignored;
 * - the run status while active mirrors the engine's `settle`: `running` if a step
 *   runs (a step between retry attempts counts as running), else `waiting` if a
 *   step waits for the world (a person, a timer, a child run; not a join waiting
 *   for branches), else `running`; `compensating` is kept until the run ends;
 * - `active` = edges into live (running/waiting) steps, recomputed per batch;
 * - nested objects of a step (`failures`, `children`, `map`, …) are replaced, never
 *   mutated, so earlier views stay intact.
 */
import type { RunLogRecord } from '../engine/types';
import type { RunView, StepRun } from './types';
import type { TraceEntry } from '../nodes/ai-agent/memory';

/** The parts of a step the log fills in later (decision, join, timer, escalation, child runs, compensation): none yet. */
export function noStepDetails(): Pick<StepRun, 'decision' | 'join' | 'timer' | 'escalated' | 'children' | 'map' | 'agent' | 'compensates' | 'compensation'> {
  return { decision: null, join: null, timer: null, escalated: null, children: [], map: null, agent: null, compensates: null, compensation: null };
}

export function initialRunView(): RunView {
  return {
    status: 'pending',
    input: undefined,
    output: undefined,
    error: null,
    cancelled: null,
    compensation: null,
    retries: [],
    deadline: null,
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

/** Statuses derived from the live steps after each record (others are set by run records only). */
const DERIVED = new Set(['running', 'waiting']);

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
      failures: [],
      retry: null,
      activatedAt: at,
      startedAt: null,
      endedAt: null,
      viaEdgeId: edgeId,
      inEdges: edgeId ? [edgeId] : [],
      outEdges: [],
      port: null,
      ports: [],
      handled: false,
      input: undefined,
      output: undefined,
      error: null,
      taskId: null,
      ...noStepDetails(),
    };
    this.copied.add(stepId);
    this.v.latestByNode[nodeId] = stepId;
    this.liveSet.add(stepId);
  }

  private end(s: StepRun, status: StepRun['status'], at: number): void {
    s.status = status;
    s.endedAt = at;
    s.retry = null;
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
      case 'router.chose': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        s.routed = routedOf(r.port, r.decision);
        break;
      }
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
        s.ports = r.ports ?? (r.port !== null ? [r.port] : []);
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
        if (r.handled) {
          s.handled = true;
          s.port = 'error';
          s.ports = ['error'];
        }
        this.end(s, 'failed', r.at);
        break;
      }
      case 'step.retrying': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        s.attempts = Math.max(s.attempts, r.attempt);
        s.failures = [...s.failures, { attempt: r.attempt, error: r.error, at: r.at, delayMs: r.delayMs }];
        s.retry = { nextAttempt: r.nextAttempt, maxAttempts: r.maxAttempts, dueAt: r.dueAt, delayMs: r.delayMs };
        s.status = 'running';
        break;
      }
      case 'timer.scheduled': {
        if (r.kind === 'runTimeout' || r.stepId === null) {
          v.deadline = r.dueAt;
          break;
        }
        const s = r.nodeId !== null ? this.ensure(r.stepId, r.nodeId, r.at) : this.step(r.stepId);
        if (!s) break;
        s.timer = { id: r.timerId, kind: r.kind, dueAt: r.dueAt, firedAt: null };
        if (r.kind === 'wait') {
          s.status = 'waiting';
          if (r.startedAt !== undefined) s.startedAt = r.startedAt;
          if (r.input !== undefined) s.input = r.input;
        }
        break;
      }
      case 'timer.fired': {
        if (r.stepId === null) break;
        const s = this.step(r.stepId);
        if (s?.timer && s.timer.id === r.timerId) s.timer = { ...s.timer, firedAt: r.at };
        break;
      }
      case 'task.escalated': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        // Logs from before reassignment existed carry no mode.
        const mode = r.mode ?? (r.interrupting ? 'interrupting' : 'nonInterrupting');
        s.escalated = { interrupting: r.interrupting, mode, reassignedTo: r.reassignedTo ?? null, at: r.at };
        break;
      }
      case 'child.started': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        s.status = 'waiting';
        s.children = [...s.children, { childRunId: r.childRunId, workflowId: r.workflowId, version: r.version, index: r.index, status: 'running' }];
        if (r.index === null) s.input = r.input;
        break;
      }
      case 'child.completed': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        s.children = s.children.map((c) => (c.childRunId === r.childRunId ? { ...c, status: r.status } : c));
        if (r.index !== null && r.status === 'succeeded' && s.map) s.map = { ...s.map, done: s.map.done + 1 };
        break;
      }
      case 'map.started': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        s.status = 'waiting';
        s.map = { total: r.total, done: 0, concurrency: r.concurrency };
        s.input = r.input;
        s.startedAt = r.startedAt;
        break;
      }
      case 'run.compensating':
        v.status = 'compensating';
        v.error = r.error;
        v.compensation = { error: r.error, startedAt: r.at, handlers: [], endedAt: null, afterSteps: v.order.length };
        break;
      case 'compensation.started': {
        const h = this.ensure(r.handlerStepId, r.nodeId, r.at);
        h.compensates = r.forStepId;
        if (h.viaEdgeId) v.taken.add(h.viaEdgeId);
        const s = this.step(r.forStepId);
        if (s) s.compensation = { handlerStepId: r.handlerStepId, done: false };
        const c = v.compensation ?? { error: v.error, startedAt: r.at, handlers: [], endedAt: null, afterSteps: v.order.length - 1 };
        v.compensation = { ...c, handlers: [...c.handlers, r.handlerStepId] };
        break;
      }
      case 'compensation.completed': {
        const s = this.step(r.forStepId);
        if (s) s.compensation = { handlerStepId: r.handlerStepId, done: true };
        break;
      }
      case 'run.compensated':
        v.status = 'compensated';
        v.error = r.error;
        v.endedAt = r.at;
        if (v.compensation) v.compensation = { ...v.compensation, endedAt: r.at };
        break;
      case 'run.retried':
        v.retries = [...v.retries, { by: r.by, at: r.at, fromVersion: r.fromVersion, toVersion: r.toVersion, error: v.error, afterSteps: v.order.length }];
        v.status = 'running';
        v.error = null;
        v.endedAt = null;
        v.deadline = null;
        break;
      case 'step.progress': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        const entries = r.trace === null ? (s.agent?.entries ?? []) : [...(s.agent?.entries ?? []), r.trace as unknown as TraceEntry];
        s.agent = { entries, waitingTasks: r.waiting ? r.tasks : 0, waitingRuns: r.waiting ? r.children : 0 };
        s.attempts = Math.max(s.attempts, r.attempt);
        if (r.waiting) s.status = 'waiting';
        break;
      }
      case 'step.resumed': {
        const s = this.ensure(r.stepId, r.nodeId, r.at);
        s.status = 'running';
        if (s.agent) s.agent = { ...s.agent, waitingTasks: 0, waitingRuns: 0 };
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
    if (DERIVED.has(v.status)) v.status = this.derivedStatus();
  }

  private derivedStatus(): 'running' | 'waiting' {
    let waitingOnWorld = false;
    for (const id of this.liveSet) {
      const s = this.v.steps[id]!;
      if (s.status === 'running') return 'running';
      if (s.status === 'waiting' && !s.join) waitingOnWorld = true;
    }
    return waitingOnWorld ? 'waiting' : 'running';
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

/** What the run view keeps of a `router.chose` decision (tolerant of older or foreign shapes). */
function routedOf(port: string, decision: unknown): NonNullable<StepRun['routed']> {
  const d = (decision && typeof decision === 'object' ? decision : {}) as { reason?: unknown; probe?: unknown; candidates?: unknown };
  const list = Array.isArray(d.candidates) ? (d.candidates as Array<Record<string, unknown>>) : [];
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    port,
    reason: typeof d.reason === 'string' ? d.reason : `took ${port}`,
    probe: d.probe === true,
    candidates: list.map((c) => ({
      id: String(c.id ?? ''),
      label: String(c.label ?? c.id ?? ''),
      succeeded: num(c.succeeded),
      failed: num(c.failed),
      p50Ms: typeof c.p50Ms === 'number' ? c.p50Ms : null,
      breaker: String(c.breaker ?? 'closed'),
    })),
  };
}
