/**
 * In-process notification bus. Committed transitions publish here so live streams
 * (SSE) can read the new log records from the database. The bus carries only
 * "something changed" signals; the database log stays the source of truth, so a
 * missed signal costs latency, never data. Kept on `globalThis` because Next.js
 * bundles route handlers and instrumentation separately.
 *
 * With several processes on one PostgreSQL database, a relay (`pg-relay.ts`) forwards
 * each signal published here to the other processes (LISTEN/NOTIFY), which emit it on
 * their own bus; their streams then replay from `run_events` as usual.
 */
import 'server-only';
import { EventEmitter } from 'node:events';

type Bus = EventEmitter;
const g = globalThis as unknown as { __batonBus?: Bus; __batonRelay?: ((s: BusSignal) => void) | null };

export function bus(): Bus {
  if (!g.__batonBus) {
    g.__batonBus = new EventEmitter();
    g.__batonBus.setMaxListeners(0);
  }
  return g.__batonBus;
}

/** Channel names. */
export const channels = {
  run: (runId: string) => `run:${runId}`,
  /** Any run's status changed or a run started; listeners get `(runId, status)`. */
  runs: 'runs',
  /** The inbox changed (task created, completed, cancelled). */
  tasks: 'tasks',
  /**
   * Signals from other processes may have been missed (the relay's connection to the
   * database was lost and is back): every stream re-reads what it shows. No arguments.
   */
  resync: 'resync',
} as const;

/** One change signal: run `runId` has log records up to `seq` (null: none new), its new `status` (null: unchanged), and whether its tasks changed. */
export interface BusSignal {
  runId: string;
  seq: number | null;
  status: string | null;
  tasks: boolean;
}

/** Emits `s` on `target`'s channels (`run:<id>` with the seq, `runs`, `tasks`). */
export function emitSignal(target: EventEmitter, s: BusSignal): void {
  if (s.seq !== null) target.emit(channels.run(s.runId), s.seq);
  if (s.status) target.emit(channels.runs, s.runId, s.status);
  if (s.tasks) target.emit(channels.tasks, s.runId);
}

/** Forwards every signal published in this process to `relay` as well (null: stop forwarding). */
export function setBusRelay(relay: ((s: BusSignal) => void) | null): void {
  g.__batonRelay = relay;
}

function publish(s: BusSignal): void {
  emitSignal(bus(), s);
  g.__batonRelay?.(s);
}

/**
 * Signals that run `runId` has new log records up to `seq`; `status` is the run's
 * status after them, sent on the `runs` channel when it changed.
 */
export function publishRun(runId: string, seq: number, touchesTasks: boolean, status: string | null): void {
  publish({ runId, seq, status, tasks: touchesTasks });
}

/** Signals that a task of run `runId` changed without a transition (claimed, released, delegated). */
export function publishTasks(runId: string): void {
  publish({ runId, seq: null, status: null, tasks: true });
}
