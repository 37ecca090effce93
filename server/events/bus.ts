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
  /** Any run's status changed or a run started. */
  runs: 'runs',
  /** The inbox changed (task created, completed, cancelled). */
  tasks: 'tasks',
} as const;

/** Signals that run `runId` has new log records up to `seq`. */
export function publishRun(runId: string, seq: number, touchesTasks: boolean, statusChanged: boolean): void {
  const b = bus();
  b.emit(channels.run(runId), seq);
  if (statusChanged) b.emit(channels.runs, runId);
  if (touchesTasks) b.emit(channels.tasks, runId);
}
