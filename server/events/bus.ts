/**
 * In-process notification bus. Committed transitions publish here so live streams
 * (SSE) can read the new log records from the database. The bus carries only
 * "something changed" signals; the database log stays the source of truth, so a
 * missed signal costs latency, never data. Kept on `globalThis` because Next.js
 * bundles route handlers and instrumentation separately.
 */
import 'server-only';
import { EventEmitter } from 'node:events';

type Bus = EventEmitter;
const g = globalThis as unknown as { __batonBus?: Bus };

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
} as const;

/**
 * Signals that run `runId` has new log records up to `seq`; `status` is the run's
 * status after them, sent on the `runs` channel when it changed.
 */
export function publishRun(runId: string, seq: number, touchesTasks: boolean, status: string | null): void {
  const b = bus();
  b.emit(channels.run(runId), seq);
  if (status) b.emit(channels.runs, runId, status);
  if (touchesTasks) b.emit(channels.tasks, runId);
}
