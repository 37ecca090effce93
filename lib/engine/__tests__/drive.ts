/**
 * A tiny test driver for the pure engine: it plays the runner's part with scripted
 * executor outcomes, feeding results back as events until the run is quiescent
 * (no `execute` effect pending). Time is a counter: every event gets `at = t0 + n`.
 */
import type { WorkflowDocument } from '../../workflow/document';
import { compile } from '../compile';
import { startRun, transition } from '../transition';
import type { CompiledWorkflow, Effect, EngineError, EngineEvent, Json, RunLogRecord, RunState } from '../types';

/** What the scripted executor of a node does on one activation. */
export type Outcome =
  | { output?: Json; port?: string; vars?: Record<string, Json> }
  | { fail: string | EngineError }
  | { park: Json };

/** Per node id: one outcome for every activation, a list indexed by activation (1st, 2nd, …), or a function of n. */
export type Script = Record<string, Outcome | Outcome[] | ((n: number) => Outcome)>;

export const T0 = Date.UTC(2025, 0, 1);

export class Driver {
  readonly def: CompiledWorkflow;
  state!: RunState;
  readonly log: RunLogRecord[] = [];
  readonly effects: Effect[] = [];
  /** Step ids whose `execute` effect was emitted, in order, one inner array per transition. */
  readonly batches: string[][] = [];
  private pending: Array<Extract<Effect, { type: 'execute' }>> = [];
  private tick = 0;

  constructor(doc: WorkflowDocument, private readonly script: Script = {}) {
    this.def = compile(doc);
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

  /** A person completes the waiting task of `nodeId` (its latest step). */
  decide(nodeId: string, outcome: string, data: Record<string, Json> = {}, by = 'ann'): this {
    const step = Object.values(this.state.live).find((l) => l.nodeId === nodeId && l.taskId);
    if (!step) throw new Error(`driver: no waiting task for ${nodeId}`);
    this.send({ type: 'task.completed', stepId: step.id, taskId: step.taskId!, outcome, data, by, at: this.now() });
    return this.runUntilQuiescent();
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
    this.state = t.state;
    this.log.push(...t.log);
    this.effects.push(...t.effects);
    const execs = t.effects.filter((e): e is Extract<Effect, { type: 'execute' }> => e.type === 'execute');
    if (execs.length) this.batches.push(execs.map((e) => e.stepId));
    this.pending.push(...execs);
    const cancelled = new Set(t.effects.flatMap((e) => (e.type === 'cancelJobs' ? e.stepIds : [])));
    this.pending = this.pending.filter((p) => !cancelled.has(p.stepId));
  }

  private outcomeEvent(job: Extract<Effect, { type: 'execute' }>): EngineEvent {
    const n = Number(job.stepId.split('#')[1]);
    const entry = Object.hasOwn(this.script, job.nodeId) ? this.script[job.nodeId] : undefined;
    const node = this.def.nodes[job.nodeId]!;
    const fallback: Outcome = node.behavior === 'userTask' ? { park: { title: job.nodeId } } : { output: { from: job.stepId } };
    const outcome: Outcome = typeof entry === 'function' ? entry(n) : Array.isArray(entry) ? (entry[n - 1] ?? fallback) : (entry ?? fallback);
    const base = { stepId: job.stepId, attempt: job.attempt, input: null, startedAt: this.now() };
    const at = this.now();
    if ('fail' in outcome) {
      const error = typeof outcome.fail === 'string' ? { message: outcome.fail } : outcome.fail;
      return { type: 'step.failed', ...base, error, at };
    }
    if ('park' in outcome) return { type: 'step.parked', ...base, taskId: `task-${job.stepId}`, task: outcome.park, at };
    return { type: 'step.completed', ...base, output: outcome.output ?? null, port: outcome.port, vars: outcome.vars, at };
  }
}

/** Starts a run of `doc` with `script` and drives it until quiescent. */
export function drive(doc: WorkflowDocument, script: Script = {}, input: Json = {}): Driver {
  return new Driver(doc, script).start(input).runUntilQuiescent();
}
