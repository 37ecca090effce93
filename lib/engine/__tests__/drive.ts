/**
 * A tiny test driver for the pure engine: it plays the runner's part with scripted
 * executor outcomes, feeding results back as events until the run is quiescent
 * (no `execute` effect pending). Time is a counter: every event gets `at = t0 + n`.
 * Timers (`schedule`) and child runs (`startChild`) are recorded, not run: a test
 * fires them with {@link Driver.fire} and {@link Driver.finishChild}.
 */
import type { WorkflowDocument } from '../../workflow/document';
import { compile } from '../../workflow/compile';
import { startRun, transition } from '../transition';
import type { AwaitChild, AwaitTask, ChildStatus, DueEscalation, CompiledWorkflow, Effect, EngineError, EngineEvent, Json, RunLogRecord, RunState } from '../types';

/** What the scripted executor of a node does on one activation (one attempt). */
export type Outcome =
  | { output?: Json; port?: string; ports?: string[]; vars?: Record<string, Json> }
  /** Fail; `random` is sent for retry jitter. Mark `retryable` inside the error object. */
  | { fail: string | EngineError; random?: number }
  | { park: Json; due?: { at: number; escalation: DueEscalation; reassignTo?: string } }
  /** A wait step: due at `wait` (epoch ms). */
  | { wait: number }
  /** A sub-workflow step. */
  | { child: { workflowId: string; input: Json; version?: number } }
  /** A for-each step. */
  | { map: { items: Json[]; concurrency: number; workflowId?: string } }
  /** A round of a step working in rounds (`step.await`). */
  | { await: { memory: Json; trace?: Json; children?: AwaitChild[]; tasks?: AwaitTask[] } };

/** Per node id: one outcome for every activation, a list indexed by activation (1st, 2nd, …), or a function of n (and attempt). */
export type Script = Record<string, Outcome | Outcome[] | ((n: number, attempt: number) => Outcome)>;

export const T0 = Date.UTC(2025, 0, 1);

type Execute = Extract<Effect, { type: 'execute' }>;
type StartChild = Extract<Effect, { type: 'startChild' }>;

export class Driver {
  def: CompiledWorkflow;
  state!: RunState;
  readonly log: RunLogRecord[] = [];
  readonly effects: Effect[] = [];
  /** Step ids whose `execute` effect was emitted, in order, one inner array per transition. */
  readonly batches: string[][] = [];
  /** Pending timers as the runner would store them: timer id → due time and step. */
  readonly timers = new Map<string, { dueAt: number; stepId?: string }>();
  /** Child runs started and not yet finished or cancelled, by child run id. */
  readonly children = new Map<string, StartChild>();
  /** Child run ids cancelled by the engine, in order. */
  readonly cancelledChildren: string[] = [];
  /** Every `execute` effect seen, in order (retries carry `dueAt`). */
  readonly executes: Execute[] = [];
  /** Deep-freeze every state the engine returns, so a transition that mutated its input would throw. */
  freezeStates = false;
  private pending: Execute[] = [];
  private tick = 0;

  constructor(doc: WorkflowDocument | CompiledWorkflow, private readonly script: Script = {}) {
    this.def = 'nodes' in doc && !Array.isArray(doc.nodes) ? (doc as CompiledWorkflow) : compile(doc as WorkflowDocument);
  }

  now(): number {
    return T0 + this.tick++;
  }

  start(input: Json = {}): this {
    this.record(startRun(this.def, { runId: 'r1', input, at: this.now() }));
    return this;
  }

  /** Applies one event and records its results. Returns the transition's log and effects. */
  send(event: EngineEvent) {
    const t = transition(this.def, this.state, event);
    if (event.type === 'run.retry' && event.def && t.log.length) this.def = event.def;
    this.record(t);
    return t;
  }

  /** Runs scripted executors (in effect order) until nothing is left to execute. */
  runUntilQuiescent(maxEvents = 1000): this {
    for (let i = 0; this.pending.length; i++) {
      if (i > maxEvents) throw new Error('driver: no quiescence after ' + maxEvents + ' events');
      const job = this.pending.shift()!;
      this.send(this.outcomeEvent(job));
    }
    return this;
  }

  /** Runs the executor of the next pending job, if any. Returns false when nothing is pending. */
  step(): boolean {
    const job = this.pending.shift();
    if (!job) return false;
    this.send(this.outcomeEvent(job));
    return true;
  }

  /** Replaces the scripted outcome of a node (e.g. to let a retried run succeed). */
  rescript(nodeId: string, outcome: Script[string]): void {
    this.script[nodeId] = outcome;
  }

  /** A person completes the waiting task of `nodeId` (its latest step). */
  decide(nodeId: string, outcome: string, data: Record<string, Json> = {}, by = 'ann'): this {
    const step = Object.values(this.state.live).find((l) => l.nodeId === nodeId && l.taskId);
    if (!step) throw new Error(`driver: no waiting task for ${nodeId}`);
    this.send({ type: 'task.completed', stepId: step.id, taskId: step.taskId!, outcome, data, by, at: this.now() });
    return this.runUntilQuiescent();
  }

  /** The runner fires timer `timerId` (whether or not it is still pending), then runs what follows. */
  fire(timerId: string, stepId?: string) {
    const t = this.send({ type: 'timer.fired', timerId, stepId: stepId ?? this.timers.get(timerId)?.stepId, at: this.now() });
    this.runUntilQuiescent();
    return t;
  }

  /** Child run `childRunId` ends with `status`, then what follows runs. */
  finishChild(childRunId: string, status: ChildStatus = 'succeeded', output: Json = null, error: EngineError | null = null) {
    const child = this.children.get(childRunId);
    const stepId = child?.stepId ?? childRunId.split('.')[1]!;
    const t = this.send({ type: 'child.completed', stepId, childRunId, status, output, error, at: this.now() });
    this.runUntilQuiescent();
    return t;
  }

  /** Step ids in activation order. */
  get activated(): string[] {
    return this.log.flatMap((r) => (r.type === 'step.activated' ? [r.stepId] : []));
  }

  /** Log record types, in order. */
  get types(): string[] {
    return this.log.map((r) => r.type);
  }

  of<T extends RunLogRecord['type']>(type: T): Array<Extract<RunLogRecord, { type: T }>> {
    return this.log.filter((r): r is Extract<RunLogRecord, { type: T }> => r.type === type);
  }

  private record(t: { state: RunState; effects: Effect[]; log: RunLogRecord[] }): void {
    this.state = this.freezeStates ? deepFreeze(t.state) : t.state;
    this.log.push(...t.log);
    this.effects.push(...t.effects);
    const execs = t.effects.filter((e): e is Execute => e.type === 'execute');
    if (execs.length) this.batches.push(execs.map((e) => e.stepId));
    this.executes.push(...execs);
    this.pending.push(...execs);
    const cancelled = new Set(t.effects.flatMap((e) => (e.type === 'cancelJobs' ? e.stepIds : [])));
    this.pending = this.pending.filter((p) => !cancelled.has(p.stepId));
    for (const e of t.effects) {
      if (e.type === 'schedule') this.timers.set(e.timerId, { dueAt: e.dueAt, stepId: e.stepId });
      else if (e.type === 'cancelTimer') this.timers.delete(e.timerId);
      else if (e.type === 'startChild') this.children.set(e.childRunId, e);
      else if (e.type === 'cancelChild') {
        this.children.delete(e.childRunId);
        this.cancelledChildren.push(e.childRunId);
      }
    }
    for (const r of t.log) {
      if (r.type === 'timer.fired') this.timers.delete(r.timerId);
      if (r.type === 'child.completed') this.children.delete(r.childRunId);
    }
  }

  private outcomeEvent(job: Execute): EngineEvent {
    const n = Number(job.stepId.split('#')[1]);
    const entry = Object.hasOwn(this.script, job.nodeId) ? this.script[job.nodeId] : undefined;
    const node = this.def.nodes[job.nodeId]!;
    const fallback: Outcome = node.behavior === 'userTask' ? { park: { title: job.nodeId } } : { output: { from: job.stepId } };
    const outcome: Outcome = typeof entry === 'function' ? entry(n, job.attempt) : Array.isArray(entry) ? (entry[n - 1] ?? fallback) : (entry ?? fallback);
    const base = { stepId: job.stepId, attempt: job.attempt, input: null, startedAt: this.now() };
    const at = this.now();
    if ('fail' in outcome) {
      const error = typeof outcome.fail === 'string' ? { message: outcome.fail } : outcome.fail;
      return { type: 'step.failed', ...base, error, at, ...(outcome.random !== undefined ? { random: outcome.random } : {}) };
    }
    if ('park' in outcome) {
      const due = outcome.due ? { dueAt: outcome.due.at, escalation: outcome.due.escalation, ...(outcome.due.reassignTo ? { reassignTo: outcome.due.reassignTo } : {}) } : {};
      return { type: 'step.parked', ...base, taskId: `task-${job.stepId}`, task: outcome.park, at, ...due };
    }
    if ('wait' in outcome) return { type: 'step.scheduled', ...base, timerId: `timer-${job.stepId}`, dueAt: outcome.wait, at };
    if ('child' in outcome) {
      const { workflowId, input, version } = outcome.child;
      return { type: 'step.child', ...base, childRunId: `r1.${job.stepId}`, workflowId, input, ...(version !== undefined ? { version } : {}), at };
    }
    if ('await' in outcome) return { type: 'step.await', stepId: job.stepId, attempt: job.attempt, startedAt: base.startedAt, at, ...outcome.await };
    if ('map' in outcome) return { type: 'step.map', ...base, items: outcome.map.items, workflowId: outcome.map.workflowId ?? 'wf_body', concurrency: outcome.map.concurrency, at };
    return { type: 'step.completed', ...base, output: outcome.output ?? null, port: outcome.port, ports: outcome.ports, vars: outcome.vars, at };
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Starts a run of `doc` with `script` and drives it until quiescent. */
export function drive(doc: WorkflowDocument, script: Script = {}, input: Json = {}): Driver {
  return new Driver(doc, script).start(input).runUntilQuiescent();
}
