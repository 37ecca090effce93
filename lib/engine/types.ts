/**
 * Types of the pure workflow interpreter. The engine is a function
 * `(definition, state, event) → { state, effects, log }` in the style of XState's
 * `transition`: it performs no I/O, reads no clock and makes no random ids. Times
 * (`at`, epoch ms) and ids arrive with the event; step ids and fork ids are derived
 * deterministically from the state.
 *
 * Token semantics follow BPMN 2.0 (§13 "Execution semantics"): a token moving along
 * an edge activates the target node, creating a **step** with id `<nodeId>#<n>`
 * (n = 1, 2, … per node). A parallel split pushes a **fork** onto the token's fork
 * stack; the matching join fires once every token of that fork has arrived.
 */
import type { NodeBehavior } from '../nodes/types';

/** JSON-serializable value. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export type RunStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

/** A failure as recorded on steps and runs. `nodeId`/`stepId` name where it happened. */
export interface EngineError {
  message: string;
  code?: string;
  nodeId?: string;
  stepId?: string;
}

/** The compiled form of a workflow version that the engine walks. Built by `compile()`. */
export interface CompiledNode {
  id: string;
  type: string;
  label: string;
  behavior: NodeBehavior;
}
export interface CompiledEdge {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}
export interface CompiledWorkflow {
  nodes: Record<string, CompiledNode>;
  /** Edges leaving `nodeId` through `port`: `outgoing[nodeId][port]`. */
  outgoing: Record<string, Record<string, CompiledEdge[]>>;
  /** The trigger node id. */
  triggerId: string;
}

/** A step that is not finished yet (running or waiting). Finished steps leave the state; they live in the log. */
export interface LiveStep {
  id: string;
  nodeId: string;
  status: 'running' | 'waiting';
  attempt: number;
  /** Fork ids of the parallel splits this token is inside, innermost last. */
  forks: string[];
  /** Activation time, epoch ms. */
  activatedAt: number;
  /**
   * Inbox task id of a parked user task (set by `step.parked`). A waiting step with a
   * `taskId` is waiting for a person; a waiting step without one is a parallel join
   * waiting for its branches.
   */
  taskId?: string;
  /** When the executor's attempt started (epoch ms), kept from `step.parked` for the later `step.succeeded` record. */
  startedAt?: number;
}

/** Tokens of one fork that reached one join node, and the join step they wait in. */
export interface JoinArrival {
  /** The join's live step (`<joinNodeId>#<n>`), created by the first arrival. */
  stepId: string;
  /** Tokens of this fork that arrived so far (1 … expected). */
  count: number;
}

/** One activation of a parallel split: how many tokens it sent and which have arrived at the join. */
export interface Fork {
  /** `f<n>`, n = `RunState.nextFork` at creation. */
  id: string;
  splitStepId: string;
  /** Tokens sent = edges leaving the split's `out` port. */
  expected: number;
  /** Join node id → the join step and how many tokens of this fork arrived there. */
  arrived: Record<string, JoinArrival>;
}

/**
 * The engine's durable state of one run. Kept compact: only live steps and open
 * forks, so a transition's cost does not grow with the run's history.
 */
export interface RunState {
  runId: string;
  status: RunStatus;
  /** Sequence number of the last log record produced (first record is 1). */
  seq: number;
  /** nodeId → how many times it has been activated. */
  activations: Record<string, number>;
  live: Record<string, LiveStep>;
  forks: Record<string, Fork>;
  nextFork: number;
  vars: Record<string, Json>;
  output: Json;
  error: EngineError | null;
  startedAt: number;
  endedAt: number | null;
}

/** Inputs to the engine. `at` is epoch ms, supplied by the caller. */
export type EngineEvent =
  | { type: 'step.completed'; stepId: string; attempt: number; output: Json; port?: string; vars?: Record<string, Json>; input?: Json; startedAt: number; at: number }
  | { type: 'step.failed'; stepId: string; attempt: number; error: EngineError; input?: Json; startedAt: number; at: number }
  | { type: 'step.parked'; stepId: string; attempt: number; taskId: string; task: Json; input?: Json; startedAt: number; at: number }
  | { type: 'task.completed'; stepId: string; taskId: string; outcome: string; data: Record<string, Json>; by: string; at: number }
  | { type: 'run.cancel'; by: string; reason: string; at: number };

/** Work the caller must do after committing the transition. */
export type Effect =
  /** Run the node's executor for this step (a durable job). */
  | { type: 'execute'; stepId: string; nodeId: string; attempt: number }
  /** Create the inbox row for a parked user task (in the same transaction). */
  | { type: 'createTask'; stepId: string; nodeId: string; taskId: string; task: Json }
  /** Close the inbox row of a user task (completed or cancelled). */
  | { type: 'closeTask'; taskId: string; status: 'completed' | 'cancelled'; outcome?: string; data?: Json; by?: string }
  /** Drop pending jobs of these steps (run ended or cancelled). */
  | { type: 'cancelJobs'; stepIds: string[] };

/**
 * An append-only log record (`run_events` row). `seq` increases by one per record
 * within a run. These drive the live view, the run inspector and the steps table.
 */
export type RunLogRecord = { seq: number; at: number } & (
  | { type: 'run.started'; input: Json }
  | { type: 'step.activated'; stepId: string; nodeId: string; edgeId: string | null }
  | { type: 'step.succeeded'; stepId: string; nodeId: string; attempt: number; output: Json; port: string | null; input: Json; startedAt: number }
  | { type: 'step.failed'; stepId: string; nodeId: string; attempt: number; error: EngineError; input: Json; startedAt: number }
  | { type: 'step.waiting'; stepId: string; nodeId: string; attempt: number; taskId: string; input: Json; startedAt: number }
  | { type: 'step.cancelled'; stepId: string; nodeId: string }
  | { type: 'task.completed'; stepId: string; nodeId: string; taskId: string; outcome: string; data: Json; by: string }
  | { type: 'edge.taken'; edgeId: string; fromStepId: string }
  | { type: 'join.arrived'; stepId: string; nodeId: string; forkId: string; arrived: number; expected: number }
  | { type: 'run.succeeded'; output: Json }
  | { type: 'run.failed'; error: EngineError }
  | { type: 'run.cancelled'; by: string; reason: string }
);

/** What a transition returns. `state` is a new object; the input state is not mutated. */
export interface Transition {
  state: RunState;
  effects: Effect[];
  log: RunLogRecord[];
}
