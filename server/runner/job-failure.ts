/**
 * What the runner records when running a job threw (an internal error: a bug, a
 * storage failure, data a recursive walk cannot handle). A job must never be leased
 * again and again for the same failure: the error is logged under an error id, and the
 * job ends by an engine event naming that id — the step fails (its error handling
 * applies), or, when that cannot be recorded either, the run fails; as a last resort the
 * job is deleted. (A job cut short by a shutdown is only logged: it runs again after the restart.)
 */
import 'server-only';
import { reportInternalError } from '../http/internal-error';
import type { EngineError, EngineEvent } from '@/lib/engine/types';
import type { AttemptRecord, JobRow } from '../storage/ports/run-store';

/** Error code of a step or run ended by an internal error while its job ran. */
export const INTERNAL_ERROR = 'INTERNAL_ERROR';

/** The engine error naming the logged error id (`err_…`); no internal message reaches the run. */
export function internalError(job: JobRow, errorId: string): EngineError {
  return {
    message: `internal error while running step ${job.stepId} (id ${errorId}; details in the server log)`,
    code: INTERNAL_ERROR,
    nodeId: job.nodeId,
    stepId: job.stepId,
    retryable: false,
  };
}

/**
 * The events to try in order for a job that threw (epoch ms `at`): an executed step's
 * attempt fails (`step.failed`, not retried), then the run fails (`run.fail`).
 */
export function failureEvents(job: JobRow, error: EngineError, at: number): { event: EngineEvent; attempt?: AttemptRecord }[] {
  const runFail = { event: { type: 'run.fail', error, at } as EngineEvent };
  if (job.kind !== 'execute') return [runFail];
  const base = { stepId: job.stepId, attempt: job.attempt };
  return [
    {
      event: { type: 'step.failed', ...base, error, random: 0, startedAt: at, at },
      attempt: { ...base, status: 'failed', input: undefined, output: undefined, error, logs: [], startedAt: at, endedAt: at },
    },
    runFail,
  ];
}

/** What {@link endJobAfterError} needs of the runner. */
export interface JobEnding {
  clock: () => number;
  /** Applies an event (and attempt) to the job's run and deletes the job in the same commit (`Runner.drive`). */
  record: (event: EngineEvent, attempt?: AttemptRecord) => Promise<void>;
  /** Forgets the run's cached scope (it may hold what failed). */
  forget: () => void;
  /** Deletes the job row. */
  remove: () => Promise<void>;
}

/**
 * Ends a job whose run threw: logs `err` under a new error id, then records the first of
 * {@link failureEvents} that can be recorded, else deletes the job. Never throws.
 */
export async function endJobAfterError(job: JobRow, err: unknown, r: JobEnding): Promise<void> {
  const where = `runner: ${job.kind} job ${job.id} (run ${job.runId}, step ${job.stepId})`;
  const { errorId } = reportInternalError(err, where);
  for (const f of failureEvents(job, internalError(job, errorId), r.clock())) {
    try {
      await r.record(f.event, f.attempt);
      return;
    } catch (again) {
      reportInternalError(again, `${where}, recording its failure (${f.event.type}, id ${errorId})`);
      r.forget();
    }
  }
  try {
    await r.remove();
  } catch (last) {
    reportInternalError(last, `${where}, deleting it`);
  }
}
